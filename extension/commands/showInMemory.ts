// "Show in Memory" on a staged kexec segment: opens VS Code's memory view (the
// `vscode-debug-memory` file system that VS Code 1.96 serves from the session's readMemory,
// shown by the Hex Editor) at the segment's destination. Without the Hex Editor extension a
// read-only hex dump of the same bytes opens instead.
import * as vscode from 'vscode';
import { hexDump } from '../model/hexDump';
import type { TreeNode } from '../model/nodes';

export const HEX_EDITOR_ID = 'ms-vscode.hexeditor';
export const DUMP_SCHEME = 'ksim-memory';
/** The most bytes the fallback dump reads (the hex editor pages on its own). */
const DUMP_LIMIT = 4096;

/** VS Code's URI for a memory region of a debug session (as its own "View Binary Data" builds it). */
export function debugMemoryUri(sessionId: string, memoryReference: string, offset: number, length: number, name: string): vscode.Uri {
  return vscode.Uri.from({
    scheme: 'vscode-debug-memory',
    authority: sessionId,
    path: `/${encodeURIComponent(memoryReference)}/${encodeURIComponent(name)}.bin`,
    query: `?range=${offset}:${offset + length}`,
  });
}

interface ReadMemoryBody {
  address: string;
  data?: string;
  unreadableBytes?: number;
}

/** Serves `ksim-memory:` documents: a hex dump read through the session's readMemory. */
export class MemoryDumpProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly session: () => vscode.DebugSession | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const q = new URLSearchParams(uri.query);
    const ref = q.get('ref') ?? '';
    const count = Math.min(Number(q.get('count') ?? '256'), DUMP_LIMIT);
    const base = BigInt(q.get('base') ?? '0');
    const s = this.session();
    if (!s) return 'The KSim session has ended: memory can only be read while it runs.';
    const body = (await s.customRequest('readMemory', { memoryReference: ref, offset: 0, count })) as ReadMemoryBody;
    const bytes = body.data ? Uint8Array.from(Buffer.from(body.data, 'base64')) : new Uint8Array();
    return `${uri.path.slice(1)} — ${count} bytes from ${body.address}\n\n${hexDump(bytes, base)}`;
  }
}

export async function showSegmentInMemory(node: TreeNode | undefined, session: vscode.DebugSession | undefined): Promise<vscode.Uri | undefined> {
  const seg = node?.segment;
  if (!seg) {
    void vscode.window.showErrorMessage('KSim: pick a staged segment in the Kexec or Physical memory view.');
    return undefined;
  }
  if (!session) {
    void vscode.window.showErrorMessage('KSim: memory can only be shown while the KSim session runs.');
    return undefined;
  }
  const name = `${seg.image}-segment-${seg.index}@${seg.mem}`;
  if (vscode.extensions.getExtension(HEX_EDITOR_ID)) {
    const uri = debugMemoryUri(session.id, seg.memoryReference, 0, seg.memsz, name);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'hexEditor.hexedit');
    return uri;
  }
  const uri = vscode.Uri.from({
    scheme: DUMP_SCHEME, path: `/${name}`,
    query: new URLSearchParams({ ref: seg.memoryReference, count: String(Math.min(seg.memsz, DUMP_LIMIT)), base: seg.mem, t: String(Date.now()) }).toString(),
  });
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: true });
  return uri;
}
