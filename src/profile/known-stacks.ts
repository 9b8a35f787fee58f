// The fast lane of the text parser: a whole goroutine whose stack the trie already knows, read
// straight from the input's bytes (ASCII input only), without decoding it into a string.
//
// A dump of 100,000 goroutines parked at a few sites is mostly the same few stacks over and
// over; after the first goroutine of each site has gone the long way (text-machine.ts, which
// also teaches the trie), the others are a header and pairs of lines that match trie nodes:
//
//   goroutine 7 [chan receive, 15 minutes]:      header: id, a state seen before, minutes, locked
//   main.recv(0xc000012345, 0x5)                 a child's function, then '(' and anything
//   \t/src/app/worker.go:42 +0x1d                tab, the child's file:line, then ' ' or end of line
//   created by main.main in goroutine 1          a creator child, then its file line
//                                                the blank line ending the goroutine
//
// Nothing is changed here: a goroutine either matches whole (and the caller records it as if it
// had been read line by line) or not at all (and its lines go the long way). Anything new or
// unusual (a frame not in the trie, labels, `gp=` headers, elisions, CRLF, a goroutine cut by
// the end of the chunk) does not match.
import type { Frame } from './types.js';
import type { BytePattern, TNode } from './stack-trie.js';

/** A wait state seen before, with the root of its stack trie (owned by the text machine). */
export interface StateRoot {
  text: string;
  root: TNode;
  /** text as a byte pattern, made here on first use. */
  pattern: BytePattern | null;
}

/** What a matched goroutine amounts to; filled in by matchKnownGoroutine. */
export interface KnownGoroutine {
  id: number;
  state: StateRoot | null;
  waitMinutes: number;
  locked: boolean;
  /** The trie node its stack ends at (creator included). */
  node: TNode | null;
  creator: Frame | null;
  creatorGid: number | null;
  /** Lines read after the header, the blank line included. */
  lines: number;
}

export const newKnownGoroutine = (): KnownGoroutine => ({
  id: 0,
  state: null,
  waitMinutes: 0,
  locked: false,
  node: null,
  creator: null,
  creatorGid: null,
  lines: 0,
});

/** A line longer than this (a megabyte of text without a newline) is cut by the line machine,
 *  with a warning; the fast lane leaves such lines to it. */
export const MAX_LINE = 1 << 20;

const funcPattern = (kid: TNode): BytePattern => (kid.funcPattern ??= pattern((kid.frame as Frame).func));
const locPattern = (kid: TNode): BytePattern => (kid.locPattern ??= pattern(kid.loc));

/** A byte 0xff never occurs in ASCII input: a pattern of it never matches. */
const NEVER: BytePattern = { bytes: Uint8Array.of(0xff), words: new Int32Array(0) };

function pattern(s: string): BytePattern {
  // The fast lane runs only on ASCII input, so the trie holds ASCII; should it not, a name
  // with other characters must not match their low bytes.
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return NEVER;
  const bytes = Buffer.from(s, 'latin1');
  const words = new Int32Array(bytes.length >> 2);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let k = 0; k < words.length; k++) words[k] = v.getInt32(4 * k, true);
  return { bytes, words };
}

/** A view of the input being matched that reads 4 bytes at once (set by useInput). */
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

/**
 * Makes b the input matchKnownGoroutine reads: call it once per piece of input, before
 * matching in it (kept out of the matcher, whose optimized code would be thrown away at the
 * first new piece otherwise).
 */
export function useInput(b: Uint8Array): void {
  view = new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** b (the input) holds the pattern at i. */
function patternAt(b: Uint8Array, i: number, t: BytePattern): boolean {
  const bytes = t.bytes;
  const n = bytes.length;
  if (i + n > b.length) return false;
  const words = t.words;
  const nw = words.length;
  for (let k = 0; k < nw; k++) if (view.getInt32(i + 4 * k, true) !== words[k]) return false;
  for (let j = nw * 4; j < n; j++) if (b[i + j] !== bytes[j]) return false;
  return true;
}

/** Position of the next '\n' at or after i, or -1: 4 bytes at a time, then the last few. */
function lineEnd(b: Uint8Array, i: number, n: number): number {
  for (; i + 4 <= n; i += 4) {
    const x = view.getInt32(i, true) ^ 0x0a0a0a0a;
    if (((x - 0x01010101) & ~x & 0x80808080) !== 0) break; // a zero byte in x: a '\n' among these 4
  }
  while (i < n && b[i] !== 10) i++;
  return i < n ? i : -1;
}

const GOROUTINE_ = pattern('goroutine ');
const CREATED_BY_ = pattern('created by ');
const _IN_GOROUTINE_ = pattern(' in goroutine ');
const _MINUTE = pattern(' minute');
const LOCKED = pattern('locked to thread');

/**
 * Matches the goroutine whose header starts at b[a] (the input ends at n; useInput(b) came
 * first) against the known states and their tries. Returns the position after its blank line
 * and fills `out`, or -1.
 */
export function matchKnownGoroutine(b: Uint8Array, a: number, n: number, states: readonly StateRoot[], out: KnownGoroutine): number {
  let p = readHeader(b, a, n, states, out);
  if (p < 0) return -1;
  let node = (out.state as StateRoot).root;
  let creator: Frame | null = null;
  let creatorGid: number | null = null;
  let lines = 1;
  for (;;) {
    if (p >= n) return -1;
    const c = b[p];
    if (c === 10) break; // the blank line ending the goroutine
    if (node.byFunc !== null) return -1;
    const kids = node.kids;
    let kid: TNode | null = null;
    let eol: number;
    if (c === 99 /* c */ && patternAt(b, p, CREATED_BY_)) {
      eol = lineEnd(b, p, n);
      if (eol < 0) return -1;
      const start = p + 11;
      let end = eol;
      let d = end;
      while (d > start && b[d - 1] >= 48 && b[d - 1] <= 57) d--;
      creatorGid = null;
      if (d < end && end - d < 16 && d - 14 >= start && patternAt(b, d - 14, _IN_GOROUTINE_)) {
        let g = 0;
        for (let i = d; i < end; i++) g = g * 10 + (b[i] - 48);
        creatorGid = g;
        end = d - 14;
      }
      for (let k = 0; k < kids.length; k++) {
        if (!kids[k].creator) continue;
        const f = funcPattern(kids[k]);
        if (f.bytes.length === end - start && patternAt(b, start, f)) {
          kid = kids[k];
          break;
        }
      }
      if (kid === null) return -1;
      creator = kid.frame;
    } else {
      for (let k = 0; k < kids.length; k++) {
        if (kids[k].creator) continue;
        const f = funcPattern(kids[k]);
        const fl = f.bytes.length;
        // as the long way does: `pkg.` then '(' may be `pkg.(*T).m`, which it reads itself
        if (p + fl < n && b[p + fl] === 40 /* ( */ && f.bytes[fl - 1] !== 46 && patternAt(b, p, f)) {
          kid = kids[k];
          break;
        }
      }
      if (kid === null) return -1;
      eol = lineEnd(b, p, n);
      if (eol < 0) return -1;
    }
    if (eol - p > MAX_LINE) return -1;
    // `\t/src/app/x.go:42 +0x1d` or `\t/src/app/x.go:42`
    const q = eol + 1;
    if (q >= n || b[q] !== 9) return -1;
    const loc = locPattern(kid);
    const e = q + 1 + loc.bytes.length;
    if (loc.bytes.length === 0 || e >= n || (b[e] !== 32 && b[e] !== 10) || !patternAt(b, q + 1, loc)) return -1;
    const fe = lineEnd(b, e, n);
    if (fe < 0 || fe - q > MAX_LINE) return -1;
    node = kid;
    lines += 2;
    p = fe + 1;
  }
  out.node = node;
  out.creator = creator;
  out.creatorGid = creatorGid;
  out.lines = lines;
  return p + 1;
}

/**
 * `goroutine 7 [chan receive]:`, `[select, 6 minutes, locked to thread]:` with a state seen
 * before; returns the position after its '\n', or -1.
 */
function readHeader(b: Uint8Array, a: number, n: number, states: readonly StateRoot[], out: KnownGoroutine): number {
  // Every read is inside [0, n): one read past the end would make V8 throw away the optimized
  // code (an out-of-bounds deopt), and the end of every input piece is such a place.
  if (!patternAt(b, a, GOROUTINE_)) return -1;
  let i = a + 10;
  let id = 0;
  for (; i < n; i++) {
    const c = b[i];
    if (c < 48 || c > 57) break;
    id = id * 10 + (c - 48);
  }
  if (i === a + 10 || i - a - 10 > 15 || i + 1 >= n || b[i] !== 32 || b[i + 1] !== 91 /* [ */) return -1;
  const from = i + 2;
  for (let k = 0; k < states.length; k++) {
    const st = states[k];
    let e = from + st.text.length;
    if (e >= n) continue;
    let c = b[e];
    // the byte after the state first: states of other lengths fail without a compare
    if ((c !== 93 && c !== 44) || !patternAt(b, from, (st.pattern ??= pattern(st.text)))) continue;
    let minutes = 0;
    let locked = false;
    while (c === 44 /* , */) {
      if (e + 2 >= n || b[e + 1] !== 32) return -1;
      e += 2;
      c = b[e];
      if (c >= 48 && c <= 57) {
        let m = 0;
        for (; e < n; e++) {
          c = b[e];
          if (c < 48 || c > 57) break;
          m = m * 10 + (c - 48);
        }
        if (e + 8 >= n || !patternAt(b, e, _MINUTE)) return -1;
        e += b[e + 7] === 115 /* s */ ? 8 : 7;
        minutes = m;
      } else if (patternAt(b, e, LOCKED)) {
        e += 16;
        locked = true;
      } else return -1;
      if (e >= n) return -1;
      c = b[e];
    }
    if (c !== 93 || e + 2 >= n || b[e + 1] !== 58 /* : */ || b[e + 2] !== 10) return -1;
    out.id = id;
    out.state = st;
    out.waitMinutes = minutes;
    out.locked = locked;
    return e + 3;
  }
  return -1;
}
