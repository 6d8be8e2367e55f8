import { strict as assert } from 'node:assert';
import { add, band, bnot, bor, div, fromBigInt, hex, mod, mul, neg, shl, shr, sub, toU64 } from '../../scenario/int64';

describe('scenario 64-bit integers', () => {
  it('stay JS numbers while safe and become bigints beyond 2^53, canonically', () => {
    assert.equal(add(1, 2), 3);
    assert.equal(add(Number.MAX_SAFE_INTEGER, 1), 9007199254740992n);
    assert.equal(sub(9007199254740992n, 1), Number.MAX_SAFE_INTEGER);
  });
  it('wrap modulo 2^64 like C', () => {
    assert.equal(add(0x7fffffffffffffffn, 1), -0x8000000000000000n);
    assert.equal(mul(0x100000000, 0x100000000), 0);
    assert.equal(fromBigInt(0xffffffffffffffffn), -1);
  });
  it('divide truncating toward zero with the remainder taking the dividend sign', () => {
    assert.deepEqual([div(7, 2), div(-7, 2), mod(-7, 3), mod(7, -3)], [3, -3, -1, 1]);
    assert.equal(div(-0x8000000000000000n, -1), -0x8000000000000000n);
  });
  it('shift with counts taken modulo 64, >> arithmetic', () => {
    assert.equal(shl(1, 63), -0x8000000000000000n);
    assert.equal(shl(1, 64), 1);
    assert.equal(shr(-8, 1), -4);
    assert.equal(shr(-0x8000000000000000n, 63), -1);
  });
  it('do bitwise operations on all 64 bits', () => {
    assert.equal(band(0xffffffff00000000n - 0x10000000000000000n, -1), -0x100000000);
    assert.equal(band(-1, 0x7fffffffffffffffn), 0x7fffffffffffffffn);
    assert.equal(bor(0x100000000, 1), 0x100000001);
    assert.equal(bnot(0), -1);
  });
  it('never produce -0', () => {
    assert.ok(Object.is(mul(-3, 0), 0));
    assert.ok(Object.is(neg(0), 0));
    assert.ok(Object.is(div(-1, 5), 0));
  });
  it('print as unsigned hex and convert to uint64', () => {
    assert.equal(hex(-1), '0xffffffffffffffff');
    assert.equal(toU64(-1), 0xffffffffffffffffn);
  });
});
