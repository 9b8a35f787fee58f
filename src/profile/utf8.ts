// UTF-8 decoding of a dump by pieces (parse.ts, file-text.ts).
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

/** What reads the pieces: text (decoded) or bytes known to be ASCII. */
export interface PieceReader {
  write(s: string): void;
  writeAscii(b: Uint8Array): void;
}

/** A piece that is not all ASCII is looked at in parts of this size. */
const SUB_PIECE = 64 << 10;

/**
 * Hands a dump to a text machine piece by piece. Dumps are mostly ASCII: an ASCII piece goes
 * as bytes (the machine reads known goroutines straight from them, no decoding); any other
 * piece is looked at in parts of 64 KB, and those that are not ASCII are decoded by a
 * StringDecoder, which keeps a character split between parts. So a non-ASCII panic message or
 * path early in a dump costs the fast lane only the 64 KB that hold it. A piece goes as bytes only when the decoder holds no part of a character
 * (with valid UTF-8 the piece after a split character starts with its continuation bytes and
 * is decoded anyway; a broken character followed by ASCII must still come out in its place).
 */
export class Utf8 {
  private dec: StringDecoder | null = null;
  /** The input's last bytes (up to 4), to tell whether it ends inside a character. */
  private readonly last = new Uint8Array(4);
  private lastLen = 0;
  /** The input so far ends on a character boundary: the decoder holds nothing. */
  private clean = true;

  feed(m: PieceReader, b: Buffer): void {
    if (b.length === 0) return;
    if (this.clean && isAscii(b)) {
      m.writeAscii(b); // ends on a boundary, so the decoder stays empty
      return;
    }
    if (b.length > SUB_PIECE) {
      // only the parts that hold other characters are decoded; the rest still goes as bytes
      for (let at = 0; at < b.length; at += SUB_PIECE) this.feed(m, b.subarray(at, at + SUB_PIECE));
      return;
    }
    this.dec ??= new StringDecoder('utf8');
    m.write(this.dec.write(b));
    this.remember(b);
    this.clean = endsOnBoundary(this.last.subarray(0, this.lastLen));
  }

  end(): string {
    return this.dec === null ? '' : this.dec.end();
  }

  private remember(b: Uint8Array): void {
    const keep = Math.min(4, this.lastLen + b.length);
    const fromOld = keep - Math.min(keep, b.length);
    this.last.copyWithin(0, this.lastLen - fromOld, this.lastLen);
    this.last.set(b.subarray(b.length - (keep - fromOld)), fromOld);
    this.lastLen = keep;
  }
}

/**
 * The bytes end with a complete UTF-8 sequence (an ASCII byte, or a lead byte followed by all
 * its continuation bytes). False when in doubt (too few bytes seen, stray continuation bytes):
 * the next piece is then decoded, which is always right.
 */
export function endsOnBoundary(tail: Uint8Array): boolean {
  const n = tail.length;
  if (n === 0) return true;
  let cont = 0;
  while (cont < n && cont < 3 && (tail[n - 1 - cont] & 0xc0) === 0x80) cont++;
  if (cont === n) return false;
  const lead = tail[n - 1 - cont];
  const need = lead < 0x80 ? 0 : lead < 0xc2 ? -1 : lead < 0xe0 ? 1 : lead < 0xf0 ? 2 : lead < 0xf5 ? 3 : -1;
  return need === cont;
}
