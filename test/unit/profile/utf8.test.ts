// Pieces of a dump go to the text machine as bytes when they are ASCII and no character is
// split across the piece before, as decoded text otherwise. Whatever the cuts and wherever
// multibyte characters fall, the result is what the whole text gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextMachine } from '../../../src/profile/text-machine.js';
import { Utf8, endsOnBoundary } from '../../../src/profile/utf8.js';

const b = (...xs: number[]) => Uint8Array.from(xs);

describe('endsOnBoundary', () => {
  it.each([
    ['nothing', b(), true],
    ['ASCII', b(0x61, 0x0a), true],
    ['a whole 2-byte character', b(0x61, 0xc3, 0xa9), true],
    ['a whole 3-byte character', b(0xe4, 0xb8, 0xad), true],
    ['a whole 4-byte character', b(0xf0, 0x9f, 0x98, 0x80), true],
    ['a 2-byte lead alone', b(0x61, 0xc3), false],
    ['a 3-byte character cut after 2', b(0x61, 0xe4, 0xb8), false],
    ['a 4-byte character cut after 3', b(0xf0, 0x9f, 0x98), false],
    ['continuation bytes only', b(0x98, 0x80), false],
    ['four continuation bytes', b(0x80, 0x80, 0x80, 0x80), false],
    ['an invalid lead', b(0x61, 0xff), false],
  ])('%s', (_what, tail, expected) => {
    expect(endsOnBoundary(tail)).toBe(expected);
  });
});

const goroutine = (id: number, path: string) =>
  `goroutine ${id} [chan receive]:\nmain.recv(0xc000${id})\n\t${path}:30 +0x35\ncreated by main.main in goroutine 1\n\t/app/main.go:80 +0x2f3\n`;

/** A panic message in Chinese first, then many goroutines at a few sites; a few in the middle have a non-ASCII path. */
function dump(n: number): string {
  const parts = ['panic: 连接超时 (connection timed out)\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:10 +0x3db\n'];
  const odd = (i: number) => i % 7 === 3 && i > n / 2 && i < n / 2 + 70;
  for (let i = 0; i < n; i++) parts.push(goroutine(100 + i, odd(i) ? '/app/données/é.go' : `/app/w${i % 3}.go`));
  return parts.join('\n');
}

function viaText(text: string) {
  const m = new TextMachine({ merge: true, exactWaits: true });
  m.write(text);
  return m.end();
}

function viaPieces(bytes: Buffer, cuts: number[]) {
  const m = new TextMachine({ merge: true, exactWaits: true });
  let asciiBytes = 0;
  const writeAscii = m.writeAscii.bind(m);
  m.writeAscii = (p: Uint8Array) => {
    asciiBytes += p.length;
    writeAscii(p);
  };
  const dec = new Utf8();
  let from = 0;
  for (const c of [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((x, y) => x - y).concat(bytes.length)) {
    dec.feed(m, bytes.subarray(from, c));
    from = c;
  }
  m.write(dec.end());
  return { p: m.end(), asciiBytes };
}

describe('Utf8.feed', () => {
  it('reads the ASCII pieces after a non-ASCII one as bytes, with the same result', () => {
    const text = dump(2000);
    const bytes = Buffer.from(text, 'utf8');
    const cuts = Array.from({ length: Math.floor(bytes.length / 4096) }, (_, k) => (k + 1) * 4096);
    const { p, asciiBytes } = viaPieces(bytes, cuts);
    expect(p).toEqual(viaText(text));
    expect(p.goroutines.find((g) => g.frames[0].file.includes('données'))?.count).toBe(10);
    // only the pieces holding a non-ASCII character are decoded: the first, and a few in the middle
    expect(asciiBytes).toBeGreaterThan(bytes.length * 0.9);
  });

  it('reads a big piece as bytes but for its 64 KB parts with other characters, one across the mark too', () => {
    // `panic: xxx…连接超时`: the first character sits across the 64 KB mark (shift 0 and 1) or
    // just before it (shift 2)
    for (const shift of [0, 1, 2]) {
      const text = `panic: ${'x'.repeat(65536 - 1 - shift - 7)}连接超时\n\n${dump(6000)}`;
      const bytes = Buffer.from(text, 'utf8');
      const { p, asciiBytes } = viaPieces(bytes, []);
      expect(p).toEqual(viaText(text));
      expect(asciiBytes).toBeGreaterThan(bytes.length * 0.6); // all of it was decoded before
    }
  });

  it('keeps a broken character where it was, even when an ASCII piece follows it', () => {
    // `\xe4` starts a 3-byte character that never comes: the decoder holds it until the next
    // decoded piece; an ASCII piece after it must not jump the queue.
    const bytes = Buffer.concat([
      Buffer.from('goroutine 1 [running]:\nmain.f(0x1)\n\t/app/a', 'latin1'),
      Buffer.from([0xe4]),
      Buffer.from('.go:3 +0x1\n\ngoroutine 2 [select]:\nmain.g()\n\t/app/b.go:4 +0x2\n', 'latin1'),
    ]);
    const cut = bytes.indexOf(0xe4) + 1;
    const { p } = viaPieces(bytes, [cut]);
    expect(p).toEqual(viaText(bytes.toString('utf8')));
    expect(p.goroutines[0].frames[0].file).toBe('/app/a\ufffd.go');
  });

  it('gives the same result wherever the cuts fall, inside characters too', () => {
    const text = dump(60);
    const bytes = Buffer.from(text, 'utf8');
    const expected = viaText(text);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 60 }), (cuts) => {
        expect(viaPieces(bytes, cuts).p).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });
});
