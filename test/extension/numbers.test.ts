import * as assert from 'node:assert/strict';
import { formatSize, hex, parseNumber, parseNumberInRange, toWire } from '../../extension/model/numbers';

function ok(text: string): bigint {
  const r = parseNumber(text);
  assert.ok(r.ok, `${text}: ${r.ok ? '' : r.message}`);
  return r.value;
}

describe('runner numbers', () => {
  it('reads decimal, hex, octal and binary', () => {
    assert.equal(ok('4096'), 4096n);
    assert.equal(ok('0x200000'), 0x200000n);
    assert.equal(ok('0X1f'), 31n);
    assert.equal(ok('0o755'), 0o755n);
    assert.equal(ok('0b101'), 5n);
    assert.equal(ok('  42  '), 42n);
  });

  it('applies K, M and G as powers of 1024, in any base', () => {
    assert.equal(ok('64K'), 65536n);
    assert.equal(ok('2M'), 2n * 1024n * 1024n);
    assert.equal(ok('1G'), 1024n ** 3n);
    assert.equal(ok('0x10K'), 16n * 1024n);
    assert.equal(ok('0b1M'), 1024n * 1024n);
    assert.equal(ok('512m'), 512n * 1024n * 1024n);
  });

  it('accepts a minus sign and digit separators', () => {
    assert.equal(ok('-1'), -1n);
    assert.equal(ok('-0x10'), -16n);
    assert.equal(ok('1_000_000'), 1000000n);
  });

  it('keeps 64-bit values exact', () => {
    assert.equal(ok('0xffffffffffffffff'), (1n << 64n) - 1n);
    assert.equal(ok('18446744073709551615'), (1n << 64n) - 1n);
    assert.equal(ok('-9223372036854775808'), -(1n << 63n));
  });

  it('refuses what is not a number, with a message saying what to type', () => {
    for (const bad of ['', 'abc', '0x', '0xg1', '0o8', '0b2', '12Q', '1.5', '--1', 'K']) {
      const r = parseNumber(bad);
      assert.equal(r.ok, false, bad);
      if (!r.ok) assert.match(r.message, /number|decimal|0x/i);
    }
  });

  it('refuses values wider than 64 bits', () => {
    const r = parseNumber('0x1ffffffffffffffff');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /64 bits/);
    assert.equal(parseNumber('-0x8000000000000001').ok, false);
  });

  it('checks ranges', () => {
    assert.equal(parseNumberInRange('16', 0n, 16n).ok, true);
    const r = parseNumberInRange('17', 0n, 16n);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /out of range: expected 0 to 16/);
  });

  it('formats hex, sizes and wire values', () => {
    assert.equal(hex(0x200000n), '0x200000');
    assert.equal(hex(-16), '-0x10');
    assert.equal(formatSize(65536n), '64K');
    assert.equal(formatSize(3n * 1024n * 1024n), '3M');
    assert.equal(formatSize(1000n), '1000');
    assert.equal(formatSize(0), '0');
    assert.equal(toWire(5n), 5);
    assert.equal(toWire(1n << 60n), (1n << 60n).toString());
  });
});
