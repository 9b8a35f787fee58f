// parse.ts's sniff (control bytes that text does not hold, and NULs, among the first 4 KB) as the
// fast lane's module counts it (known-stacks.ts laneByteKinds, eight bytes at a time), against
// the count byte by byte.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { laneByteKinds } from '../../../src/profile/known-stacks.js';

/** Byte by byte: 1 per control byte other than tab, LF, VT, FF, CR and ESC (and DEL), 65,536 per NUL. */
function reference(b: Uint8Array, n: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0) k += 65536;
    else if ((c < 32 && ![9, 10, 11, 12, 13, 27].includes(c)) || c === 127) k++;
  }
  return k;
}

it('counts as byte by byte, every byte value at every offset of a word', () => {
  for (let c = 0; c < 256; c++) {
    for (let at = 0; at < 19; at++) {
      const b = Buffer.alloc(19, 'a');
      b[at] = c;
      expect(laneByteKinds(b, b.length)).toBe(reference(b, b.length));
    }
  }
});

it('counts as byte by byte on any bytes, any length, any head of them', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 5000 }), fc.nat({ max: 5000 }), (b, cut) => {
      const n = Math.min(b.length, cut);
      expect(laneByteKinds(b, n)).toBe(reference(b, n));
    }),
  );
  const text = Buffer.from('goroutine 1 [running]:\n\tmain.main()\n\t/app/main.go:10 +0x1d\n\u0001\u0000\r\n\u007f\u001b'.repeat(80));
  expect(laneByteKinds(text, 4096)).toBe(reference(text, 4096));
});
