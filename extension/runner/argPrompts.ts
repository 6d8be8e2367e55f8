// Asks the user for one syscall argument, by its kind: flag names from the ABI (several at once
// for masks), LWP ids from the live machine, signal names, segments field by field, and an
// input box with validation for everything else. Each returns the argument's text (what
// argParse.ts reads and the history keeps), or undefined when the user cancelled.
import * as vscode from 'vscode';
import type { LwpRow, SyscallArgInfo } from '../../debug-adapter/contract';
import { parseArg, parseIntExpr, parseSegment, segmentsText, type Constants, type SegmentValue } from '../model/argParse';
import { combineFlags, flagChoices, picksMany, flagsText } from '../model/flags';

export interface PromptContext {
  readonly constants: Constants;
  readonly signals: Readonly<Record<string, number>>;
  readonly lwps: () => Promise<LwpRow[]>;
  readonly step: number;
  readonly totalSteps: number;
  readonly title: string;
}

const TYPE_VALUE = '$(edit) Type a value…';

const PLACEHOLDERS: Readonly<Record<string, string>> = {
  int: 'a number: 4096, 0x200000, 0o755, 0b101, 64K, -1, or a constant name',
  pointer: 'null, or an address such as 0x1000',
  string: 'text (quotes optional), or null',
  buffer: 'the buffer size, e.g. 32 or bytes(64, 0xff), or null',
  timespec: '{ tv_sec: 1, tv_nsec: 0 }, or "1, 0", or null',
  fd: 'a descriptor number',
  pid: 'a process id',
  lwpid: 'an LWP id',
  signal: 'a signal number or name (SIGUSR1)',
  flags: 'constant names joined by | or a number',
  clock: 'a clock name (CLOCK_MONOTONIC) or number',
  segments: '[{ bufsz: 64K, mem: 0x200000, memsz: 64K }], or null',
};

/** An input box whose validation is argParse's message. */
export async function typeArg(arg: SyscallArgInfo, ctx: PromptContext, value = ''): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: ctx.title,
    prompt: `${arg.ctype} ${arg.name} (argument ${ctx.step} of ${ctx.totalSteps})`,
    placeHolder: PLACEHOLDERS[arg.kind] ?? '',
    value,
    ignoreFocusOut: true,
    validateInput: (text) => {
      const r = parseArg(arg, text, ctx.constants);
      return r.ok ? undefined : r.message;
    },
  });
}

interface NamedPick extends vscode.QuickPickItem {
  readonly value?: string;
}

async function pickFlags(arg: SyscallArgInfo, ctx: PromptContext): Promise<string | undefined> {
  const choices = flagChoices(arg.flagNames ?? [], ctx.constants);
  const many = picksMany(choices);
  const items: NamedPick[] = choices.map((c) => ({ label: c.name, description: `0x${c.value.toString(16)}`, value: c.name }));
  if (many) {
    for (;;) {
      const picked = await vscode.window.showQuickPick(items, {
        title: ctx.title, canPickMany: true, ignoreFocusOut: true,
        placeHolder: `${arg.ctype} ${arg.name}: pick the flags to OR together (none = 0), or Escape to type a value`,
      });
      if (picked === undefined) return typeArg(arg, ctx);
      const names = picked.map((p) => p.value ?? p.label);
      const combined = combineFlags(choices.filter((c) => names.includes(c.name)));
      if (combined.ok) return flagsText(names);
      void vscode.window.showWarningMessage(combined.message);
    }
  }
  const one = await vscode.window.showQuickPick([...items, { label: TYPE_VALUE }], {
    title: ctx.title, ignoreFocusOut: true, placeHolder: `${arg.ctype} ${arg.name}: pick one`,
  });
  if (!one) return undefined;
  return one.value ?? typeArg(arg, ctx);
}

async function pickLwp(arg: SyscallArgInfo, ctx: PromptContext): Promise<string | undefined> {
  let rows: LwpRow[] = [];
  try {
    rows = await ctx.lwps();
  } catch {
    rows = [];
  }
  const items: NamedPick[] = rows.map((l) => ({
    label: `${l.lid}`, description: `${l.name || '(unnamed)'} · pid ${l.pid}`, detail: `${l.state}${l.wmesg ? ` · ${l.wmesg}` : ''}`,
    value: `${l.lid}`,
  }));
  items.push({ label: TYPE_VALUE, description: 'any LWP id, e.g. one that does not exist' });
  const pick = await vscode.window.showQuickPick(items, { title: ctx.title, ignoreFocusOut: true, placeHolder: `${arg.ctype} ${arg.name}: pick an LWP` });
  if (!pick) return undefined;
  return pick.value ?? typeArg(arg, ctx);
}

async function pickSignal(arg: SyscallArgInfo, ctx: PromptContext): Promise<string | undefined> {
  const items: NamedPick[] = Object.entries(ctx.signals).sort((a, b) => a[1] - b[1])
    .map(([name, n]) => ({ label: name, description: `${n}`, value: name }));
  items.unshift({ label: '0', description: 'no signal: only check that the target exists', value: '0' });
  items.push({ label: TYPE_VALUE });
  const pick = await vscode.window.showQuickPick(items, { title: ctx.title, ignoreFocusOut: true, placeHolder: `${arg.ctype} ${arg.name}: pick a signal` });
  if (!pick) return undefined;
  return pick.value ?? typeArg(arg, ctx);
}

async function askNumber(ctx: PromptContext, prompt: string, value: string, check: (v: bigint) => string | undefined): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: ctx.title, prompt, value, ignoreFocusOut: true,
    validateInput: (text) => {
      const r = parseIntExpr(text, ctx.constants);
      return r.ok ? check(r.value) : r.message;
    },
  });
}

/** Builds a segment list field by field: how many, then buf, bufsz, mem, memsz of each. */
async function buildSegments(arg: SyscallArgInfo, ctx: PromptContext): Promise<string | undefined> {
  const how = await vscode.window.showQuickPick([
    { label: '$(list-tree) Build the segments field by field', value: 'build' },
    { label: '$(circle-slash) null', value: 'null' },
    { label: TYPE_VALUE, value: 'type' },
  ], { title: ctx.title, ignoreFocusOut: true, placeHolder: `${arg.ctype} ${arg.name}` });
  if (!how) return undefined;
  if (how.value === 'null') return 'null';
  if (how.value === 'type') return typeArg(arg, ctx);
  const countText = await askNumber(ctx, 'How many segments?', '1', (v) => (v < 0n || v > 64n ? 'Between 0 and 64 segments.' : undefined));
  if (countText === undefined) return undefined;
  const parsedCount = parseIntExpr(countText, ctx.constants);
  const count = parsedCount.ok ? Number(parsedCount.value) : 0;
  const segs: SegmentValue[] = [];
  let nextMem = 0x200000n;
  for (let i = 0; i < count; i++) {
    const nonNeg = (v: bigint): string | undefined => (v < 0n ? 'Must not be negative.' : undefined);
    const bufsz = await askNumber(ctx, `Segment ${i}: bufsz (bytes copied from the buffer)`, '64K', nonNeg);
    if (bufsz === undefined) return undefined;
    const buf = await vscode.window.showInputBox({
      title: ctx.title, prompt: `Segment ${i}: buf — bytes(SIZE[, FILL]) for a fresh buffer, or null`, value: `bytes(${bufsz})`, ignoreFocusOut: true,
      validateInput: (t) => {
        const r = parseSegment(`buf: ${t}, bufsz: 0, mem: 0, memsz: 0`, ctx.constants);
        return r.ok ? undefined : r.message;
      },
    });
    if (buf === undefined) return undefined;
    const mem = await askNumber(ctx, `Segment ${i}: mem (physical destination)`, `0x${nextMem.toString(16)}`, nonNeg);
    if (mem === undefined) return undefined;
    const memsz = await askNumber(ctx, `Segment ${i}: memsz (bytes at the destination, zero-filled past bufsz)`, bufsz, nonNeg);
    if (memsz === undefined) return undefined;
    const seg = parseSegment(`buf: ${buf}, bufsz: ${bufsz}, mem: ${mem}, memsz: ${memsz}`, ctx.constants);
    if (!seg.ok) {
      void vscode.window.showErrorMessage(seg.message);
      return undefined;
    }
    segs.push(seg.value);
    nextMem = BigInt(seg.value.mem) + BigInt(seg.value.memsz);
  }
  return segmentsText(segs);
}

/** Asks for one argument, by its kind. */
export function askArg(arg: SyscallArgInfo, ctx: PromptContext): Promise<string | undefined> {
  switch (arg.kind) {
    case 'flags':
    case 'clock':
      return (arg.flagNames?.length ?? 0) > 0 ? pickFlags(arg, ctx) : typeArg(arg, ctx);
    case 'lwpid':
      return pickLwp(arg, ctx);
    case 'signal':
      return pickSignal(arg, ctx);
    case 'segments':
      return buildSegments(arg, ctx);
    default:
      return typeArg(arg, ctx, arg.kind === 'pointer' ? 'null' : '');
  }
}
