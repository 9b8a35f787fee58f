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
import type { TNode } from './stack-trie.js';

/** A wait state seen before, with the root of its stack trie (owned by the text machine). */
export interface StateRoot {
  text: string;
  root: TNode;
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

/** Lines longer than this take the long way (it cuts them, with a warning). */
const MAX_LINE = 1 << 20;

/** The state's text as bytes, made on first use. */
const stateBytes = new WeakMap<StateRoot, Uint8Array>();

function funcBytes(kid: TNode): Uint8Array {
  return (kid.funcBytes ??= Buffer.from((kid.frame as Frame).func, 'latin1'));
}

function locBytes(kid: TNode): Uint8Array {
  return (kid.locBytes ??= Buffer.from(kid.loc, 'latin1'));
}

function bytesAt(b: Uint8Array, i: number, t: Uint8Array): boolean {
  const n = t.length;
  if (i + n > b.length) return false;
  for (let k = 0; k < n; k++) if (b[i + k] !== t[k]) return false;
  return true;
}

/** Position of the next '\n' at or after i, or -1 (a plain loop: cheaper than a native call per line). */
function lineEnd(b: Uint8Array, i: number, n: number): number {
  while (i < n && b[i] !== 10) i++;
  return i < n ? i : -1;
}

const GOROUTINE_ = Buffer.from('goroutine ', 'latin1');
const CREATED_BY_ = Buffer.from('created by ', 'latin1');
const _IN_GOROUTINE_ = Buffer.from(' in goroutine ', 'latin1');
const _MINUTE = Buffer.from(' minute', 'latin1');
const LOCKED = Buffer.from('locked to thread', 'latin1');

/**
 * Matches the goroutine whose header starts at b[a] (the input ends at n) against the known
 * states and their tries. Returns the position after its blank line and fills `out`, or -1.
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
    if (c === 99 /* c */ && bytesAt(b, p, CREATED_BY_)) {
      eol = lineEnd(b, p, n);
      if (eol < 0) return -1;
      const start = p + 11;
      let end = eol;
      let d = end;
      while (d > start && b[d - 1] >= 48 && b[d - 1] <= 57) d--;
      creatorGid = null;
      if (d < end && end - d < 16 && d - 14 >= start && bytesAt(b, d - 14, _IN_GOROUTINE_)) {
        let g = 0;
        for (let i = d; i < end; i++) g = g * 10 + (b[i] - 48);
        creatorGid = g;
        end = d - 14;
      }
      for (let k = 0; k < kids.length; k++) {
        if (!kids[k].creator) continue;
        const f = funcBytes(kids[k]);
        if (f.length === end - start && bytesAt(b, start, f)) {
          kid = kids[k];
          break;
        }
      }
      if (kid === null) return -1;
      creator = kid.frame;
    } else {
      for (let k = 0; k < kids.length; k++) {
        if (kids[k].creator) continue;
        const f = funcBytes(kids[k]);
        const fl = f.length;
        // as the long way does: `pkg.` then '(' may be `pkg.(*T).m`, which it reads itself
        if (p + fl < n && b[p + fl] === 40 /* ( */ && f[fl - 1] !== 46 && bytesAt(b, p, f)) {
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
    const loc = locBytes(kid);
    const e = q + 1 + loc.length;
    if (loc.length === 0 || e >= n || (b[e] !== 32 && b[e] !== 10) || !bytesAt(b, q + 1, loc)) return -1;
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
  if (!bytesAt(b, a, GOROUTINE_)) return -1;
  let i = a + 10;
  let id = 0;
  for (let c = b[i]; c >= 48 && c <= 57 && i < n; c = b[++i]) id = id * 10 + (c - 48);
  if (i === a + 10 || i - a - 10 > 15 || i + 1 >= n || b[i] !== 32 || b[i + 1] !== 91 /* [ */) return -1;
  const from = i + 2;
  for (let k = 0; k < states.length; k++) {
    const st = states[k];
    let t = stateBytes.get(st);
    if (t === undefined) {
      t = Buffer.from(st.text, 'latin1');
      stateBytes.set(st, t);
    }
    if (!bytesAt(b, from, t)) continue;
    let e = from + t.length;
    let c = b[e];
    if (c !== 93 && c !== 44) continue;
    let minutes = 0;
    let locked = false;
    while (c === 44 /* , */) {
      if (b[e + 1] !== 32) return -1;
      e += 2;
      c = b[e];
      if (c >= 48 && c <= 57) {
        let m = 0;
        for (; c >= 48 && c <= 57 && e < n; c = b[++e]) m = m * 10 + (c - 48);
        if (!bytesAt(b, e, _MINUTE)) return -1;
        e += b[e + 7] === 115 /* s */ ? 8 : 7;
        minutes = m;
      } else if (bytesAt(b, e, LOCKED)) {
        e += 16;
        locked = true;
      } else return -1;
      c = b[e];
    }
    if (c !== 93 || b[e + 1] !== 58 /* : */ || b[e + 2] !== 10) return -1;
    out.id = id;
    out.state = st;
    out.waitMinutes = minutes;
    out.locked = locked;
    return e + 3;
  }
  return -1;
}
