// Goroutine dump parser: every format a Go service or a crash prints, into one Profile.
//
// Design goals (after DataDog/gostackparse):
//  1. Safe: never throws on text. The only error is ProfileError, a one-line message, for input
//     that is no dump at all: empty, binary noise that is neither gzip nor pprof, a truncated
//     gzip stream, or a pprof profile of another kind (heap, CPU…).
//  2. Forgiving: partial results over no result. Whatever cannot be read becomes a warning with
//     its line number, and parsing goes on with the next line.
//  3. Streaming: input is read line by line in chunks; with merging (the default when streaming)
//     memory grows with the number of distinct stacks, not with the size of the dump.
//  4. Fast: one pass, no regular expression per line, no string built that is not kept;
//     functions, files and states are interned.
//  5. Simple: one line machine for all text formats (text-machine.ts), one header reader
//     (header.ts), one pprof converter (pprof.ts).
//
// Formats: binary pprof (gzipped or not), `?debug=1` (several back to back too), `?debug=2`,
// runtime.Stack(all), panic / `fatal error:` / SIGQUIT output, goroutineleak profiles (Go 1.26+).
import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ParseWarning, Profile } from './types.js';
import { ProfileError } from './types.js';
import { decodePprof, fromPprof } from './pprof.js';
import { TextMachine } from './text-machine.js';
import { laneByteKinds } from './known-stacks.js';
import { Utf8 } from './utf8.js';
import { CHUNK, isBlank, parseFileText, readAt } from './file-text.js';
import { NotGoroutinesError } from './sniff-input.js';

export interface ParseOptions {
  /** Named in warnings (a file name, a host). */
  source?: string;
  /**
   * Merge goroutines with the same signature (state, frames, creator, flags, labels) into one
   * record with a count and the longest wait. Default: false for parseDump, true for streams.
   */
  merge?: boolean;
  /**
   * When merging, goroutines that waited a different number of minutes stay in different
   * records, so every record's waitMinutes is exact (how many goroutines are how old) while
   * memory still grows with stacks × distinct ages, not with goroutines. Default false.
   */
  exactWaits?: boolean;
  /** Most bytes a gzip input may inflate to (default MAX_INFLATED); past it, a ProfileError naming the input. */
  maxInflated?: number;
}

/**
 * Bounds on decompression, so memory and time stay bounded whatever the input (a gzip bomb: 2 GB
 * of zeros in 2 MB). A text dump is streamed (memory grows with distinct stacks, not its size), so
 * its cap is high; a binary profile and a dump held in memory are decoded whole, so theirs is lower.
 */
export const MAX_INFLATED = 4 * 1024 * 1024 * 1024;
const MAX_WHOLE = 512 * 1024 * 1024;

/** Bytes looked at to tell text from binary. */
const SNIFF = 4096;

/** Parses a whole dump held in memory. Throws only ProfileError (see the design goals). */
export function parseDump(input: Buffer | Uint8Array | string, opts: ParseOptions = {}): Profile {
  const merge = opts.merge ?? false;
  if (typeof input === 'string') return parseText([input], { merge, exactWaits: opts.exactWaits, source: opts.source });
  let buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (isGzip(buf)) buf = gunzip(buf, opts.source, Math.min(MAX_WHOLE, opts.maxInflated ?? MAX_WHOLE));
  const kinds = laneByteKinds(buf, Math.min(buf.length, SNIFF)) ?? byteKinds(buf);
  const binary = looksBinary(buf, kinds);
  if (binary || looksLikePprof(buf)) {
    const p = decodePprof(buf);
    if (p !== null) return fromPprof(p, { merge, source: opts.source });
    if (binary) throw notADump(opts.source);
  }
  if (isBlank(buf)) throw emptyInput(opts.source);
  const m = new TextMachine({ merge, exactWaits: opts.exactWaits, source: opts.source });
  const dec = new Utf8();
  for (let off = 0; off < buf.length; off += CHUNK) dec.feed(m, buf.subarray(off, off + CHUNK));
  m.write(dec.end());
  return kinds >>> 16 === 0 ? m.end() : withNulWarning(m.end(), buf, opts.source); // (no NUL: nothing to look for)
}

/**
 * Parses a dump from a stream (a file, stdin, an HTTP body) without holding it in memory:
 * text is read line by line as it arrives. gzip is detected and decompressed on the fly;
 * a binary pprof profile is collected whole (they are small) and decoded.
 */
export async function parseDumpStream(
  stream: NodeJS.ReadableStream | AsyncIterable<Buffer | Uint8Array | string>,
  opts: ParseOptions = {},
): Promise<Profile> {
  const merge = opts.merge ?? true;
  const source = opts.source;
  const text = { merge, exactWaits: opts.exactWaits, source };
  const it = (stream as AsyncIterable<Buffer | Uint8Array | string>)[Symbol.asyncIterator]();

  // Sniff the first bytes: gzip, binary, or text.
  const head: Buffer[] = [];
  let headLen = 0;
  let done = false;
  let sawString = false;
  while (headLen < SNIFF) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    const b = toBuffer(r.value);
    if (typeof r.value === 'string') sawString = true;
    head.push(b);
    headLen += b.length;
  }
  const first = Buffer.concat(head, headLen);
  const rest: AsyncIterator<Buffer> = mapIterator(it, toBuffer);

  if (!sawString && isGzip(first)) {
    return parseBytes(gunzipStream(first, done ? null : rest, source, opts.maxInflated ?? MAX_INFLATED), text);
  }
  return parseBytes(prepend(first, done ? null : rest), text, sawString);
}

/** A binary profile larger than this is streamed (collected in pieces) rather than read at once. */
const IN_MEMORY = 256 << 20;

/**
 * parseDumpStream on a file; an unreadable file is a ProfileError naming it. A regular file
 * is read with plain reads through one buffer (same result, less overhead); gzip and pipes
 * are streamed.
 */
export async function parseDumpFile(path: string, opts: ParseOptions = {}): Promise<Profile> {
  try {
    const whole = await parseWholeFile(path, opts);
    if (whole !== null) return whole;
  } catch (err) {
    throw fileError(err, path);
  }
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  try {
    return await parseDumpStream(stream, { source: path, ...opts });
  } catch (err) {
    throw fileError(err, path);
  } finally {
    stream.destroy();
  }
}

function fileError(err: unknown, path: string): ProfileError {
  if (err instanceof ProfileError) return err;
  const e = err as NodeJS.ErrnoException;
  const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : (e.code ?? e.message);
  return new ProfileError(`cannot read ${path}: ${why}`);
}

/**
 * A regular file parsed with plain reads: text through one reused buffer (file-text.ts), a
 * binary pprof profile read whole. Null when it must be streamed instead (gzip: the
 * decompressed size is unknown; not a regular file; empty).
 * (Tried: a worker thread parsing the second part of a big dump. A worker takes ~45 ms to
 * start and load the parser here, about what the whole parse of 100,000 goroutines costs.)
 */
async function parseWholeFile(path: string, opts: ParseOptions): Promise<Profile | null> {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size === 0) return null;
    const head = Buffer.allocUnsafe(Math.min(st.size, SNIFF));
    const n = readAt(fd, head, head.length, 0);
    if (isGzip(head.subarray(0, n))) return null;
    const source = opts.source ?? path;
    const merge = opts.merge ?? true;
    if (looksBinary(head.subarray(0, n)) || looksLikePprof(head.subarray(0, n))) {
      if (st.size > IN_MEMORY) return null;
      const all = Buffer.allocUnsafe(st.size);
      return parseDump(all.subarray(0, readAt(fd, all, st.size, 0)), { ...opts, source, merge });
    }
    const m = parseFileText(fd, st.size, { merge, exactWaits: opts.exactWaits, source });
    if (m === null) throw emptyInput(source);
    return withNulWarning(m.end(), head.subarray(0, n), source);
  } finally {
    closeSync(fd);
  }
}

// ---- formats ----

interface TextOptions {
  merge: boolean;
  exactWaits?: boolean;
  source?: string;
}

async function parseBytes(chunks: AsyncIterator<Buffer>, opts: TextOptions, textOnly = false): Promise<Profile> {
  const { merge, source } = opts;
  const firstR = await chunks.next();
  if (firstR.done) throw emptyInput(source);
  let first = firstR.value;
  // Make sure the sniffed piece is big enough after decompression too.
  const more: Buffer[] = [first];
  let len = first.length;
  let ended = false;
  while (len < SNIFF) {
    const r = await chunks.next();
    if (r.done) {
      ended = true;
      break;
    }
    more.push(r.value);
    len += r.value.length;
  }
  first = Buffer.concat(more, len);

  if (!textOnly && (looksBinary(first) || looksLikePprof(first))) {
    // A binary profile: decode whole.
    const all: Buffer[] = [first];
    let total = first.length;
    if (!ended) {
      for (let r = await chunks.next(); !r.done; r = await chunks.next()) {
        all.push(r.value);
        total += r.value.length;
        if (total > IN_MEMORY) throw new ProfileError(`${source ? `${source}: ` : ''}binary data larger than ${IN_MEMORY >> 20} MB: no goroutine profile is that large`);
      }
    }
    const buf = Buffer.concat(all, total);
    const p = decodePprof(buf);
    if (p !== null) return fromPprof(p, { merge, source });
    if (looksBinary(first)) throw notADump(source);
    return parseText([buf.toString('utf8')], opts);
  }

  const m = new TextMachine(opts);
  const dec = new Utf8();
  let blank = isBlank(first);
  dec.feed(m, first);
  try {
    if (!ended) {
      for (let r = await chunks.next(); !r.done; r = await chunks.next()) {
        if (blank && !isBlank(r.value)) blank = false;
        dec.feed(m, r.value);
      }
    }
  } catch (err) {
    m.end(); // the stream failed: the machine's tries go back for the next parse (shared-stacks.ts)
    throw err;
  }
  m.write(dec.end());
  const p = m.end();
  if (blank) throw emptyInput(source);
  return withNulWarning(p, first, source);
}

function parseText(pieces: string[], opts: TextOptions): Profile {
  if (pieces.every((p) => p.trim() === '')) throw emptyInput(opts.source);
  const m = new TextMachine(opts);
  for (const p of pieces) m.write(p);
  return m.end();
}

// ---- sniffing ----

function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/**
 * Many control characters among the first bytes: not text. NUL bytes do not count: a stray NUL
 * in a dump (a log line, a file padded with zeros) is junk to read past with a warning
 * (nulWarning), not a reason to reject the dump; binary noise has other control bytes enough,
 * and zeros with text between them that holds no goroutine is refused as such later.
 */
function looksBinary(b: Uint8Array, kinds = byteKinds(b)): boolean {
  const n = Math.min(b.length, SNIFF);
  const ctl = kinds & 0xffff;
  const nul = kinds >>> 16;
  // Mostly zeros (a zero-filled file, a gzip bomb of zeros) is no text either.
  return n > 0 && (ctl * 20 > n || nul * 2 > n);
}

/**
 * Among the first SNIFF bytes, the control characters text does not hold, plus 65,536 × the
 * NULs: one table lookup and one add a byte (branches, or two counts, per byte cost more).
 * SNIFF < 65,536, so the two never mix. parseDump asks the fast lane's module first
 * (laneByteKinds: the same count, compiled from the first call, eight bytes at a time).
 */
function byteKinds(b: Uint8Array): number {
  const n = Math.min(b.length, SNIFF);
  let kinds = 0;
  for (let i = 0; i < n; i++) kinds += BYTE_KIND[b[i]];
  return kinds;
}

/** Per byte: 1 a control character text does not hold (not tab, LF, VT, FF, CR, ESC), 65,536 NUL. */
const BYTE_KIND = (() => {
  const t = new Uint32Array(256);
  for (let c = 1; c < 32; c++) if (c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13 && c !== 27) t[c] = 1;
  t[127] = 1;
  t[0] = 1 << 16;
  return t;
})();

/** A profile read as text whose first bytes held NULs says so, with the line of the first. */
function withNulWarning(p: Profile, head: Uint8Array, source: string | undefined): Profile {
  const n = Math.min(head.length, SNIFF);
  const first = head.subarray(0, n).indexOf(0);
  if (first < 0) return p;
  let nuls = 0;
  let line = 1;
  for (let i = 0; i < n; i++) {
    if (head[i] === 0) nuls++;
    else if (head[i] === 10 && i < first) line++;
  }
  const w: ParseWarning = { line, message: `${nuls} NUL byte${nuls === 1 ? '' : 's'} among the first ${n} bytes (the first on this line): read as text` };
  if (source !== undefined) w.source = source;
  p.warnings.unshift(w);
  return p;
}

/** Go writes pprof's sample_type first: field 1, length-delimited (0x0a), then a short length. */
function looksLikePprof(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x0a && b[1] > 0 && b[1] < 0x20 && b[1] !== 9 && b[1] !== 10 && b[1] !== 13;
}

// ---- gzip ----

/** node:zlib, loaded on the first gzip input only. */
let zlib: typeof import('node:zlib') | null = null;
const loadZlib = (): typeof import('node:zlib') => (zlib ??= createRequire(import.meta.url)('node:zlib'));

function gunzip(buf: Buffer, source: string | undefined, cap: number): Buffer {
  try {
    return loadZlib().gunzipSync(buf, { maxOutputLength: cap });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw inflatedTooLarge(source, cap);
    throw gzipError(err, source);
  }
}

function gzipError(err: unknown, source: string | undefined): ProfileError {
  const msg = err instanceof Error ? err.message : String(err);
  const what = /unexpected end/i.test(msg) ? 'truncated gzip stream (unexpected end of file)' : `corrupt gzip stream (${msg})`;
  return new ProfileError(`${source ? `${source}: ` : ''}${what}; fetch the profile again`);
}

function inflatedTooLarge(source: string | undefined, cap: number): ProfileError {
  return new ProfileError(`${source ? `${source}: ` : ''}gzip input inflates to more than ${Math.round(cap / (1 << 20))} MB: refused (a gzip bomb, or not a goroutine dump)`);
}

async function* gunzipStream(first: Buffer, rest: AsyncIterator<Buffer> | null, source: string | undefined, cap: number): AsyncGenerator<Buffer> {
  const { Readable } = createRequire(import.meta.url)('node:stream') as typeof import('node:stream'); // gzip input only
  const src = Readable.from(prepend(first, rest), { objectMode: false });
  const gz = loadZlib().createGunzip();
  src.on('error', (e) => gz.destroy(e));
  src.pipe(gz);
  let total = 0;
  try {
    for await (const b of gz) {
      total += (b as Buffer).length;
      if (total > cap) throw inflatedTooLarge(source, cap);
      yield b as Buffer;
    }
  } catch (err) {
    throw err instanceof ProfileError ? err : gzipError(err, source);
  } finally {
    src.destroy();
    gz.destroy();
  }
}

// ---- small helpers ----

function toBuffer(v: Buffer | Uint8Array | string): Buffer {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

function mapIterator<T, U>(it: AsyncIterator<T>, f: (t: T) => U): AsyncIterator<U> {
  return {
    async next() {
      const r = await it.next();
      return r.done ? { done: true, value: undefined } : { done: false, value: f(r.value) };
    },
  };
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer> | null): AsyncGenerator<Buffer> {
  if (first.length > 0) yield first;
  if (rest === null) return;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

function emptyInput(source: string | undefined): ProfileError {
  return new NotGoroutinesError(source, 'empty input');
}

function notADump(source: string | undefined): ProfileError {
  return new ProfileError(`${source ? `${source}: ` : ''}binary data that is neither gzip nor a pprof profile`);
}
