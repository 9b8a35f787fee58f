// When the fast lane's memory cannot grow, the text machine reads every line the long way and
// gives the same answer. A file of its own: finished machines leave their lane to the next one,
// and this needs a fresh one.
import { expect, it, vi } from 'vitest';
import { WIDE_DUMP, parse } from '../helpers/lane.js';

it('goes the long way, with the same result, when the lane memory cannot grow', () => {
  const grow = vi.spyOn(WebAssembly.Memory.prototype, 'grow').mockImplementation(() => {
    throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
  });
  try {
    const { p, slow } = parse(WIDE_DUMP, true);
    expect(grow).toHaveBeenCalled();
    expect(p).toEqual(parse(WIDE_DUMP, false).p);
    expect(slow).toBeGreaterThan(WIDE_DUMP.length * 0.5);
  } finally {
    grow.mockRestore();
  }
});
