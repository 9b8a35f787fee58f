// AssemblyScript, compiled to WebAssembly by scripts/build-lane.mjs (not by tsc): the fast lane
// of the text parser. It runs the same checks as the line machine's first reading of a known
// goroutine, on the input's bytes, at compiled speed from the first byte (a JavaScript matcher
// spent ~40 ms of a 100,000-goroutine dump running unoptimized before V8 had compiled it).
//
//   goroutine 7 [chan receive, 15 minutes]:      header: id, a state seen before, minutes, locked
//   main.recv(0xc000012345, 0x5)                 a child's function, then '(' and anything
//   \t/src/app/worker.go:42 +0x1d                tab, the child's file:line, then ' ' or end of line
//   created by main.main in goroutine 1          a creator child, then its file line
//                                                the blank line ending the goroutine
//
// A goroutine matches whole or not at all; anything else is left to the line machine, which
// also teaches the trie (mirrored here by known-stacks.ts, which reads the memory layout from
// this module's exports).

// ---- layout (byte addresses), exported: known-stacks.ts reads it from the instance ----
export const CTRL: usize = 0; // i32 pos, i32 text, i32 records written, i32 ids written, i32 ids increasing
export const STATES: usize = 32; // i32 addresses of state records
export const MAX_STATES: i32 = 64;
export const WORDS: usize = 320; // the fixed words below, written by known-stacks.ts
export const OUT: usize = 512; // records of matched goroutines (runs of equal ones, when merging)
export const REC: usize = 48;
export const MAX_REC: i32 = 512;
export const IDS: usize = OUT + <usize>MAX_REC * REC; // f64 id of every matched goroutine, in order
export const MAX_IDS: i32 = 5000;
export const RECORD_OF: usize = IDS + <usize>MAX_IDS * 8; // i32 per id: its record (its sink record after resolve)
export const SINKS: usize = RECORD_OF + <usize>MAX_IDS * 4; // i32 per record: where the machine put it
export const INPUT: usize = 131072; // the piece being read; SINKS + MAX_REC * 4 < INPUT
export const MAX_PIECE: i32 = 1 << 20; // also the longest line (the line machine's MAX_PIECE)
export const HEAP: usize = INPUT + <usize>MAX_PIECE + 64; // nodes, states and their strings, from here up
/** Records looked back at for one the next goroutine can join. */
const WINDOW: i32 = 16;

// a record: f64 id (of its first goroutine), f64 creator goroutine (-1: none), f64 minutes,
// i32 state index, i32 locked, i32 node serial, i32 creator node serial (-1: none), i32 lines
// after the header, i32 goroutines (more than 1: goroutines equal but for their ids)
export const R_ID = 0;
export const R_CREATOR_GID = 8;
export const R_MINUTES = 16;
export const R_STATE = 24;
export const R_LOCKED = 28;
export const R_NODE = 32;
export const R_CREATOR = 36;
export const R_LINES = 40;
export const R_COUNT = 44;

// a trie node: i32 func addr, func length (-1: never matches), loc addr, loc length (-1: never),
// flags, first kid, next sibling, serial
export const NODE_SIZE = 32;
export const N_FUNC = 0;
export const N_FUNCLEN = 4;
export const N_LOC = 8;
export const N_LOCLEN = 12;
export const N_FLAGS = 16;
export const N_KID = 20;
export const N_SIB = 24;
export const N_SERIAL = 28;
export const F_CREATOR = 1;
export const F_WIDE = 2; // too many children to try one by one (known-stacks.ts LANE_WIDE)

// a state: i32 text addr, text length (-1: never matches), root node
export const STATE_SIZE = 16;
export const S_TEXT = 0;
export const S_TEXTLEN = 4;
export const S_ROOT = 8;

// results of scan()
export const END = 0;
export const FLUSH = 1; // text before a header must go the long way first
export const FULL = 2; // the records are full

// ---- fixed words at WORDS, each 16 bytes apart: known-stacks.ts writes them in this order ----
const W_GOROUTINE: usize = WORDS; // "goroutine " (10)
const W_CREATED_BY: usize = WORDS + 16; // "created by " (11)
const W_IN_GOROUTINE: usize = WORDS + 32; // " in goroutine " (14)
const W_MINUTE: usize = WORDS + 48; // " minute" (7)
const W_LOCKED: usize = WORDS + 64; // "locked to thread" (16)

@inline function at(i: i32): u32 {
  return load<u8>(INPUT + <usize>i);
}

@inline function digit(c: u32): bool {
  return c - 48 < 10;
}

/** The input at i holds len bytes from addr (and they fit before n). */
function same(i: i32, n: i32, addr: usize, len: i32): bool {
  if (len < 0 || i + len > n) return false;
  const p = INPUT + <usize>i;
  let k = 0;
  for (; k + 8 <= len; k += 8) if (load<u64>(p + <usize>k) != load<u64>(addr + <usize>k)) return false;
  for (; k < len; k++) if (load<u8>(p + <usize>k) != load<u8>(addr + <usize>k)) return false;
  return true;
}

/** Position of the next '\n' at or after i, or -1: 8 bytes at a time, then the last few. */
function lineEnd(i: i32, n: i32): i32 {
  for (; i + 8 <= n; i += 8) {
    const x = load<u64>(INPUT + <usize>i) ^ 0x0a0a0a0a0a0a0a0a;
    if (((x - 0x0101010101010101) & ~x & 0x8080808080808080) != 0) break;
  }
  while (i < n && at(i) != 10) i++;
  return i < n ? i : -1;
}

/**
 * Reads the known goroutines of INPUT[pos, n) from pos on, as the line machine's writeAscii
 * loop would: at each line that looks like a header, a match is tried once the text before it
 * has gone the long way (FLUSH); a goroutine that does not match is skipped line by line.
 * With `runs`, a goroutine equal to one of the last WINDOW records but for its id (same stack,
 * state, minutes, creator) adds to that record: the caller merges them anyway. Every
 * goroutine's id goes to IDS and its record's number to RECORD_OF.
 */
export function scan(pos: i32, text: i32, n: i32, nStates: i32, runs: i32): i32 {
  let count = 0;
  let ids = 0;
  let increasing = 1;
  let last: f64 = 0;
  let status = END;
  while (pos < n) {
    // `goroutine ` (a cheap look: `go` and the space; the matcher checks the rest)
    if (at(pos) == 103 && pos + 10 < n && at(pos + 1) == 111 && at(pos + 9) == 32) {
      if (text < pos) {
        status = FLUSH;
        break;
      }
      if (count == MAX_REC || ids == MAX_IDS) {
        status = FULL;
        break;
      }
      const rec = OUT + <usize>count * REC;
      const next = match(pos, n, nStates, rec);
      if (next >= 0) {
        const id = load<f64>(rec + R_ID);
        if (ids > 0 && !(id > last)) increasing = 0;
        last = id;
        store<f64>(IDS + (<usize>ids << 3), id);
        ids++;
        let joined = -1;
        if (runs != 0) {
          for (let r = count - 1; r >= 0 && r >= count - WINDOW; r--) {
            if (sameRun(OUT + <usize>r * REC, rec)) {
              joined = r;
              break;
            }
          }
        }
        if (joined >= 0) {
          const j = OUT + <usize>joined * REC + R_COUNT;
          store<i32>(j, load<i32>(j) + 1);
        } else {
          store<i32>(rec + R_COUNT, 1);
          joined = count++;
        }
        store<i32>(RECORD_OF + (<usize>(ids - 1) << 2), joined);
        pos = text = next;
        continue;
      }
    }
    const e = lineEnd(pos, n);
    pos = e < 0 ? n : e + 1;
  }
  store<i32>(CTRL, pos);
  store<i32>(CTRL + 4, text);
  store<i32>(CTRL + 8, count);
  store<i32>(CTRL + 12, ids);
  store<i32>(CTRL + 16, increasing);
  return status;
}

/** After the caller has put each record's sink record in SINKS: RECORD_OF[i] = SINKS[RECORD_OF[i]]. */
export function resolve(ids: i32): void {
  for (let i = 0; i < ids; i++) {
    const a = RECORD_OF + (<usize>i << 2);
    store<i32>(a, load<i32>(SINKS + (<usize>load<i32>(a) << 2)));
  }
}

/** Records a and b are the same goroutine but for the id. */
function sameRun(a: usize, b: usize): bool {
  return (
    load<i32>(a + R_NODE) == load<i32>(b + R_NODE) &&
    load<i32>(a + R_STATE) == load<i32>(b + R_STATE) &&
    load<f64>(a + R_MINUTES) == load<f64>(b + R_MINUTES) &&
    load<i32>(a + R_LOCKED) == load<i32>(b + R_LOCKED) &&
    load<i32>(a + R_CREATOR) == load<i32>(b + R_CREATOR) &&
    load<f64>(a + R_CREATOR_GID) == load<f64>(b + R_CREATOR_GID)
  );
}

/** The goroutine whose header starts at a; the position after its blank line, or -1. */
function match(a: i32, n: i32, nStates: i32, out: usize): i32 {
  let p = header(a, n, nStates, out);
  if (p < 0) return -1;
  let node = <usize>load<i32>(<usize>load<i32>(STATES + (<usize>load<i32>(out + R_STATE) << 2)) + S_ROOT);
  let creator = -1;
  let creatorGid: f64 = -1;
  let lines = 1;
  for (;;) {
    if (p >= n) return -1;
    const c = at(p);
    if (c == 10) break; // the blank line ending the goroutine
    if ((load<i32>(node + N_FLAGS) & F_WIDE) != 0) return -1;
    let kid: usize = 0;
    let fe = -1;
    if (c == 99 /* c */ && same(p, n, W_CREATED_BY, 11)) {
      const eol = lineEnd(p, n);
      if (eol < 0) return -1;
      const start = p + 11;
      let end = eol;
      let d = end;
      while (d > start && digit(at(d - 1))) d--;
      creatorGid = -1;
      if (d < end && end - d < 16 && d - 14 >= start && same(d - 14, n, W_IN_GOROUTINE, 14)) {
        let g: f64 = 0;
        for (let i = d; i < end; i++) g = g * 10 + <f64>(at(i) - 48);
        creatorGid = g;
        end = d - 14;
      }
      for (let k = <usize>load<i32>(node + N_KID); k != 0; k = <usize>load<i32>(k + N_SIB)) {
        if ((load<i32>(k + N_FLAGS) & F_CREATOR) == 0) continue;
        const fl = load<i32>(k + N_FUNCLEN);
        if (fl == end - start && same(start, n, <usize>load<i32>(k + N_FUNC), fl)) {
          fe = fileLine(p, eol, n, k);
          if (fe >= 0) {
            kid = k;
            break;
          }
        }
      }
      if (kid == 0) return -1;
      creator = load<i32>(kid + N_SERIAL);
    } else {
      let eol = -1;
      for (let k = <usize>load<i32>(node + N_KID); k != 0; k = <usize>load<i32>(k + N_SIB)) {
        if ((load<i32>(k + N_FLAGS) & F_CREATOR) != 0) continue;
        const fl = load<i32>(k + N_FUNCLEN);
        if (fl < 0) continue;
        const f = <usize>load<i32>(k + N_FUNC);
        // as the long way does: `pkg.` then '(' may be `pkg.(*T).m`, which it reads itself
        if (p + fl < n && at(p + fl) == 40 /* ( */ && (fl == 0 || load<u8>(f + <usize>(fl - 1)) != 46) && same(p, n, f, fl)) {
          if (eol < 0) {
            eol = lineEnd(p, n);
            if (eol < 0) return -1;
          }
          // the same function may be a child more than once, at other lines
          fe = fileLine(p, eol, n, k);
          if (fe >= 0) {
            kid = k;
            break;
          }
        }
      }
      if (kid == 0) return -1;
    }
    node = kid;
    lines += 2;
    p = fe + 1;
  }
  // one without frames is warned about with its line number: the line machine's, so that a
  // record joined by later goroutines never comes before it
  if (lines == 1) return -1;
  store<f64>(out + R_CREATOR_GID, creatorGid);
  store<i32>(out + R_NODE, load<i32>(node + N_SERIAL));
  store<i32>(out + R_CREATOR, creator);
  store<i32>(out + R_LINES, lines);
  return p + 1;
}

/**
 * The file line after the function line s[p, eol) when it is kid's: `\t/src/app/x.go:42 +0x1d`
 * or `\t/src/app/x.go:42`; the position of its '\n', or -1.
 */
function fileLine(p: i32, eol: i32, n: i32, kid: usize): i32 {
  if (eol - p > MAX_PIECE) return -1;
  const q = eol + 1;
  if (q >= n || at(q) != 9) return -1;
  const ll = load<i32>(kid + N_LOCLEN);
  if (ll <= 0) return -1; // unknown location, or one that never matches
  const e = q + 1 + ll;
  if (e >= n) return -1;
  const ce = at(e);
  if ((ce != 32 && ce != 10) || !same(q + 1, n, <usize>load<i32>(kid + N_LOC), ll)) return -1;
  const fe = lineEnd(e, n);
  if (fe < 0 || fe - q > MAX_PIECE) return -1;
  return fe;
}

/**
 * `goroutine 7 [chan receive]:`, `[select, 6 minutes, locked to thread]:` with a state seen
 * before; writes id, minutes, state index and locked, and returns the position after its '\n',
 * or -1.
 */
function header(a: i32, n: i32, nStates: i32, out: usize): i32 {
  if (!same(a, n, W_GOROUTINE, 10)) return -1;
  let i = a + 10;
  let id: f64 = 0;
  for (; i < n; i++) {
    const c = at(i);
    if (!digit(c)) break;
    id = id * 10 + <f64>(c - 48);
  }
  if (i == a + 10 || i - a - 10 > 15 || i + 1 >= n || at(i) != 32 || at(i + 1) != 91 /* [ */) return -1;
  const from = i + 2;
  for (let k = 0; k < nStates; k++) {
    const st = <usize>load<i32>(STATES + (<usize>k << 2));
    const tl = load<i32>(st + S_TEXTLEN);
    if (tl < 0) continue;
    let e = from + tl;
    if (e >= n) continue;
    let c = at(e);
    // the byte after the state first: states of other lengths fail without a compare
    if ((c != 93 && c != 44) || !same(from, n, <usize>load<i32>(st + S_TEXT), tl)) continue;
    let minutes: f64 = 0;
    let locked = 0;
    while (c == 44 /* , */) {
      if (e + 2 >= n || at(e + 1) != 32) return -1;
      e += 2;
      c = at(e);
      if (digit(c)) {
        let m: f64 = 0;
        for (; e < n; e++) {
          c = at(e);
          if (!digit(c)) break;
          m = m * 10 + <f64>(c - 48);
        }
        if (e + 8 >= n || !same(e, n, W_MINUTE, 7)) return -1;
        e += at(e + 7) == 115 /* s */ ? 8 : 7;
        minutes = m;
      } else if (same(e, n, W_LOCKED, 16)) {
        e += 16;
        locked = 1;
      } else return -1;
      if (e >= n) return -1;
      c = at(e);
    }
    if (c != 93 || e + 2 >= n || at(e + 1) != 58 /* : */ || at(e + 2) != 10) return -1;
    store<f64>(out + R_ID, id);
    store<f64>(out + R_MINUTES, minutes);
    store<i32>(out + R_STATE, k);
    store<i32>(out + R_LOCKED, locked);
    return e + 3;
  }
  return -1;
}

const LO7: u64 = 0x7f7f7f7f7f7f7f7f;
const HI: u64 = 0x8080808080808080;

/** High bit of each byte of x set where the byte is below c (c at most 0x80). */
@inline function below(x: u64, c: u64): u64 {
  return ~(((x & LO7) + (0x80 - c) * 0x0101010101010101) | x) & HI;
}

/** High bit of each byte of x set where the byte is c. */
@inline function equal(x: u64, c: u64): u64 {
  const y = x ^ (c * 0x0101010101010101);
  return ~(((y & LO7) + LO7) | y) & HI;
}

/**
 * parse.ts's sniff of INPUT[0, n): the control bytes text does not hold (below 0x20 but tab, LF,
 * VT, FF, CR and ESC; and DEL) plus 65,536 × the NULs. Eight bytes at a time, without a branch:
 * each test marks a byte's high bit (exact, no carry crosses bytes), and the marks are counted.
 */
export function byteKinds(n: i32): i32 {
  let ctl: u64 = 0;
  let nul: u64 = 0;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const x = load<u64>(INPUT + <usize>i);
    const zero = equal(x, 0);
    const space = below(x, 0x0e) & ~below(x, 0x09); // tab, LF, VT, FF, CR
    ctl += popcnt((below(x, 0x20) & ~space & ~equal(x, 0x1b) & ~zero) | equal(x, 0x7f));
    nul += popcnt(zero);
  }
  let kinds = <i32>ctl + (<i32>nul << 16);
  for (; i < n; i++) {
    const c = at(i);
    if (c == 0) kinds += 65536;
    else if ((c < 32 && c != 9 && c != 10 && c != 11 && c != 12 && c != 13 && c != 27) || c == 127) kinds++;
  }
  return kinds;
}
