// UTF-8 decoding of a dump by chunks (parse.ts).
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

/**
 * UTF-8 decoding by chunks. Dumps are mostly ASCII: as long as they are, a chunk becomes a
 * one-byte string by a plain copy (several times faster than decoding); from the first
 * non-ASCII chunk on, a StringDecoder takes over (it keeps characters split between chunks).
 */
export class Utf8 {
  private dec: StringDecoder | null = null;

  /**
   * Hands the next chunk to a text machine: as bytes while the input has been ASCII so far
   * (the machine reads known goroutines straight from them), as decoded text otherwise.
   */
  feed(m: { write(s: string): void; writeAscii(b: Uint8Array): void }, b: Buffer): void {
    if (this.dec === null && isAscii(b)) m.writeAscii(b);
    else m.write(this.write(b));
  }

  write(b: Buffer): string {
    if (this.dec === null) {
      if (isAscii(b)) return b.toString('latin1');
      this.dec = new StringDecoder('utf8');
    }
    return this.dec.write(b);
  }

  end(): string {
    return this.dec === null ? '' : this.dec.end();
  }
}
