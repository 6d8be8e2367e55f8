// A classic 16-bytes-per-line hex dump with addresses and ASCII, for the memory fallback view.

export function hexDump(bytes: Uint8Array, base: bigint = 0n, width = 16): string {
  const lines: string[] = [];
  for (let off = 0; off < bytes.length; off += width) {
    const row = bytes.subarray(off, off + width);
    const hexes = Array.from(row, (b) => b.toString(16).padStart(2, '0'));
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    const addr = (base + BigInt(off)).toString(16).padStart(16, '0');
    lines.push(`${addr}  ${hexes.join(' ').padEnd(width * 3 - 1)}  |${ascii}|`);
  }
  return lines.length ? lines.join('\n') : '(no bytes)';
}
