// A text file into a text machine, through one reused buffer: nothing of the size
// of the file is allocated, so a big dump costs neither page faults nor a collection of a
// huge buffer. (Reading the next piece in libuv's thread pool while parsing this one gained
// nothing measurable: the copy from the page cache is ~0.3 ms per MB.)
import { readSync } from 'node:fs';
import { TextMachine, type MachineOptions } from './text-machine.js';
import { Utf8 } from './utf8.js';

/** Read size (1 MB measured best here: 256 KB the same, 4 and 16 MB slower); parse.ts's piece size too. */
export const CHUNK = 1 << 20;

/** Feeds the file's first `size` bytes to a new machine; null when they are all blank. */
export function parseFileText(fd: number, size: number, opts: MachineOptions): TextMachine | null {
  const m = new TextMachine(opts);
  const dec = new Utf8();
  const buf = Buffer.allocUnsafe(Math.max(1, Math.min(size, CHUNK)));
  let blank = true;
  try {
    for (let pos = 0; pos < size; ) {
      const n = readAt(fd, buf, Math.min(buf.length, size - pos), pos);
      if (n === 0) break; // the file shrank under us: parse what was there
      const piece = buf.subarray(0, n);
      if (blank && !isBlank(piece)) blank = false;
      dec.feed(m, piece);
      pos += n;
    }
  } catch (err) {
    m.end(); // a read failed: the machine's tries go back for the next parse (shared-stacks.ts)
    throw err;
  }
  m.write(dec.end());
  if (blank) m.end();
  return blank ? null : m;
}

/** Reads up to `len` bytes at file position `pos` into buf; fewer only at the end of the file. */
export function readAt(fd: number, buf: Buffer, len: number, pos: number): number {
  let n = 0;
  while (n < len) {
    const r = readSync(fd, buf, n, len - n, pos + n);
    if (r === 0) break;
    n += r;
  }
  return n;
}

export function isBlank(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 11) return false;
  }
  return true;
}
