// readMemory and writeMemory on the machine's physical memory. A memoryReference is a
// physical address in hexadecimal ("0x200000").

import { MemoryEvent } from '@vscode/debugadapter';
import { DapError, ErrorIds, type Routes } from './route';

const MAX_READ = 1 << 20;

export function parseMemoryReference(ref: unknown): bigint {
  if (typeof ref !== 'string' || !/^(0x[0-9a-f]+|\d+)$/i.test(ref.trim())) {
    throw new DapError(ErrorIds.memory, `'${String(ref)}' is not a physical address`);
  }
  return BigInt(ref.trim());
}

export const memoryRoutes: Routes = {
  readMemory(ctx, args) {
    const host = ctx.requireHost();
    const base = parseMemoryReference(args.memoryReference);
    const offset = typeof args.offset === 'number' ? BigInt(Math.trunc(args.offset)) : 0n;
    const count = typeof args.count === 'number' ? Math.max(0, Math.min(MAX_READ, Math.trunc(args.count))) : 0;
    const start = base + offset;
    const size = host.physSize();
    if (start < 0n || start >= size) {
      return { address: `0x${(start < 0n ? 0n : start).toString(16)}`, unreadableBytes: count };
    }
    const readable = Number(size - start < BigInt(count) ? size - start : BigInt(count));
    const bytes = host.readPhys(start, readable);
    return {
      address: `0x${start.toString(16)}`,
      data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
      unreadableBytes: count - readable || undefined,
    };
  },

  writeMemory(ctx, args) {
    const engine = ctx.requireStopped();
    const host = ctx.requireHost();
    const base = parseMemoryReference(args.memoryReference);
    const offset = typeof args.offset === 'number' ? BigInt(Math.trunc(args.offset)) : 0n;
    if (typeof args.data !== 'string') throw new DapError(ErrorIds.badArguments, "'data' must be base64 text");
    const bytes = new Uint8Array(Buffer.from(args.data, 'base64'));
    const addr = base + offset;
    if (addr < 0n || addr + BigInt(bytes.length) > host.physSize()) {
      throw new DapError(ErrorIds.memory, `0x${addr.toString(16)}+${bytes.length} is outside physical memory`);
    }
    engine.applyPatch({ kind: 'writeMemory', addr, bytes });
    if (ctx.client.supportsMemoryEvent) ctx.send(new MemoryEvent(String(args.memoryReference), Number(offset), bytes.length));
    ctx.invalidate(['variables']);
    ctx.stateChanged('memoryWritten');
    return { bytesWritten: bytes.length };
  },
};
