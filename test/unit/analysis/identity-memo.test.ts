// IdentityMemo: values by object identity, and bounded: past its limit of entries set it starts
// over, so a dump of all-distinct stacks does not hold one entry per goroutine.
import { describe, expect, it } from 'vitest';
import { IdentityMemo } from '../../../src/analysis/memo.js';

describe('IdentityMemo', () => {
  it('keeps values by identity, not by content', () => {
    const m = new IdentityMemo<number[], string>();
    const a = [1, 2];
    m.set(a, 'a');
    expect(m.get(a)).toBe('a');
    expect(m.get([1, 2])).toBeUndefined();
  });

  it('starts over past its limit', () => {
    const m = new IdentityMemo<object, number>(3);
    const keys = [{}, {}, {}, {}];
    keys.slice(0, 3).forEach((k, i) => m.set(k, i));
    expect(keys.slice(0, 3).map((k) => m.get(k))).toEqual([0, 1, 2]);
    m.set(keys[3], 3); // the fourth: the earlier ones are dropped
    expect(keys.map((k) => m.get(k))).toEqual([undefined, undefined, undefined, 3]);
  });
});
