// The checker's "did you mean" hints as quick fixes.
import * as assert from 'node:assert/strict';
import { suggestedName } from '../../extension/model/quickFixes';

describe('quick fixes from the checker\'s hints', () => {
  it('a misspelt syscall becomes the suggested one', () => {
    assert.equal(suggestedName("unknown syscall '_lwp_slef' for the bsd ABI (did you mean '_lwp_self'?)", '_lwp_slef'), '_lwp_self');
  });
  it('so do errno names, constants and fields', () => {
    assert.equal(suggestedName("'EINVLA' is not an errno name of the bsd ABI (did you mean 'EINVAL'?)", 'EINVLA'), 'EINVAL');
    assert.equal(suggestedName("unknown constant 'LWP_SUSPENDD' in the bsd ABI (did you mean 'LWP_SUSPENDED'?)", 'LWP_SUSPENDD'), 'LWP_SUSPENDED');
    assert.equal(suggestedName("this struct has no field 'tv_nsex' (did you mean 'tv_nsec'?)", 'tv_nsex'), 'tv_nsec');
  });
  it('no fix when the hint suggests no name', () => {
    assert.equal(suggestedName("'countr' is not defined (declare it first: let countr = 0)", 'countr'), undefined);
  });
  it('no fix when the range is not a single name, or already is the suggestion', () => {
    assert.equal(suggestedName("x (did you mean 'y'?)", 'a + b'), undefined);
    assert.equal(suggestedName("x (did you mean 'y'?)", 'y'), undefined);
  });
});
