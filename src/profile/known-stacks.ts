// The fast lane of the text parser: whole goroutines whose stacks the trie already knows, read
// straight from the input's bytes (ASCII pieces only) by a small WebAssembly matcher
// (wasm/lane.as.ts, whose memory layout this reads from its exports).
//
// A dump of 100,000 goroutines parked at a few sites is mostly the same few stacks over and
// over. After the first goroutines of each site have gone the long way (text-machine.ts, which
// also teaches the trie), the others match the trie byte for byte. WebAssembly runs this at
// compiled speed from the first byte; the same matcher in JavaScript ran unoptimized for the
// first ~10,000 goroutines while V8 compiled it (~40 ms of a 100 ms parse).
//
// The trie stays in JavaScript (it is the line machine's); the matcher gets a copy of every
// state, and of a node the second time the line machine passes it (stack-trie.ts TNode.lane).
// Nothing is changed by a match: matched goroutines come back as records (one for several
// goroutines equal but for their ids, when the machine merges) that the machine takes as if
// it had read them line by line.
import type { Frame } from './types.js';
import type { TNode } from './stack-trie.js';
import { LANE_WASM } from './wasm/lane.wasm.js';

/** A wait state seen before, with the root of its stack trie (owned by the text machine). */
export interface StateRoot {
  text: string;
  root: TNode;
}

/** What a matched goroutine amounts to. */
export interface KnownGoroutine {
  id: number;
  state: StateRoot | null;
  waitMinutes: number;
  locked: boolean;
  /** The trie node its stack ends at (creator included). */
  node: TNode | null;
  creator: Frame | null;
  /** -1: none. (Always a number: a field that held null and then numbers threw away the compiled
   *  record() and writeLane() again and again, 8 deoptimizations an aggregate of 1,000 hosts.) */
  creatorGid: number;
  /** Lines read after the header, the blank line included. */
  lines: number;
  /** Goroutines: more than 1 for goroutines equal but for their ids (merging only). */
  count: number;
}

/** A line longer than this (a megabyte of text without a newline) is cut by the line machine,
 *  with a warning; the fast lane never sees one (its pieces are at most this long). */
export const MAX_LINE = 1 << 20;

/** The longest piece the matcher takes; longer input is given to it in pieces of this size. */
export const LANE_PIECE = MAX_LINE;

/** The matcher's memory layout and codes, as wasm/lane.as.ts exports them. */
const LAYOUT = [
  'CTRL', 'STATES', 'MAX_STATES', 'WORDS', 'OUT', 'REC', 'IDS', 'RECORD_OF', 'SINKS', 'INPUT', 'MAX_PIECE', 'HEAP',
  'R_ID', 'R_CREATOR_GID', 'R_MINUTES', 'R_STATE', 'R_LOCKED', 'R_NODE', 'R_CREATOR', 'R_LINES', 'R_COUNT',
  'NODE_SIZE', 'N_FUNC', 'N_FUNCLEN', 'N_LOC', 'N_LOCLEN', 'N_FLAGS', 'N_KID', 'N_SIB', 'N_SERIAL', 'F_CREATOR', 'F_WIDE',
  'STATE_SIZE', 'S_TEXT', 'S_TEXTLEN', 'S_ROOT', 'END', 'FLUSH',
] as const;
type Layout = Record<(typeof LAYOUT)[number], number>;

/** The matcher's fixed words, written at WORDS 16 bytes apart, in the order it expects them. */
const WORDS = ['goroutine ', 'created by ', ' in goroutine ', ' minute', 'locked to thread'];

/** Past this many children the matcher leaves a node's lines to the line machine (its map by name). */
const LANE_WIDE = 256;
const PAGE = 65536;

/** What scan() says: END (the piece is read), FLUSH (text before a header must go the long
 *  way first; pos and text say where) or another (the records are full: take them, scan on). */
export const END = 0;
export const FLUSH = 1;

function readLayout(exports: WebAssembly.Exports): Layout {
  const out = {} as Layout;
  for (const name of LAYOUT) {
    const g = exports[name];
    if (!(g instanceof WebAssembly.Global)) throw new Error(`lane: no ${name} export`);
    out[name] = g.value as number;
  }
  // the line machine relies on these
  if (out.MAX_PIECE !== LANE_PIECE || out.END !== END || out.FLUSH !== FLUSH) throw new Error('lane: layout mismatch');
  return out;
}

let compiled: WebAssembly.Module | null | undefined;

/** Matchers given back by finished machines (release), at most MAX_SPARES of at most MAX_SPARE_BYTES. */
const spares: KnownStacks[] = [];
const MAX_SPARES = 2;
const MAX_SPARE_BYTES = 8 << 20;

/** Compiled once per process; null when this Node cannot run WebAssembly (then every line goes the long way). */
function laneModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(LANE_WASM, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** The longest head laneByteKinds takes (parse.ts sniffs 4 KB). */
const MAX_SNIFF = 1 << 16;

/** The matcher module's byteKinds on a small instance of its own; null without WebAssembly. */
let sniffer: { bytes: Uint8Array; at: number; kinds: (n: number) => number } | null | undefined;

/**
 * parse.ts's sniff of b[0, n) (n at most 64 KB): control bytes that text does not hold, plus
 * 65,536 × the NULs; null when WebAssembly is unavailable (the caller counts in JavaScript).
 * Every file of every host is sniffed: compiled, eight bytes at a time, from the first call.
 */
export function laneByteKinds(b: Uint8Array, n: number): number | null {
  if (sniffer === undefined) sniffer = newSniffer();
  const s = sniffer;
  if (s === null || s === undefined || n > MAX_SNIFF) return null;
  s.bytes.set(n === b.length ? b : b.subarray(0, n), s.at);
  return s.kinds(n);
}

function newSniffer(): typeof sniffer {
  const mod = laneModule();
  if (mod === null) return null;
  try {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const inst = new WebAssembly.Instance(mod, { env: { memory } });
    const L = readLayout(inst.exports);
    memory.grow(Math.ceil((L.INPUT + MAX_SNIFF) / PAGE) - 1);
    return { bytes: new Uint8Array(memory.buffer), at: L.INPUT, kinds: inst.exports.byteKinds as (n: number) => number };
  } catch {
    return null;
  }
}

/** The matcher of one text machine, with its copy of the trie. */
export class KnownStacks {
  /** Set when the matcher's memory could not grow: the machine goes the long way from then on. */
  dead = false;
  pos = 0;
  text = 0;
  /** Records of the last scan. */
  count = 0;
  /** Goroutines of the last scan (their ids: ids()), and whether their ids only grew. */
  idCount = 0;
  idsIncreasing = true;
  private readonly memory: WebAssembly.Memory;
  private readonly scanFn: (pos: number, text: number, n: number, nStates: number, runs: number) => number;
  private readonly resolveFn: (ids: number) => void;
  private bytes!: Buffer;
  private i32!: Int32Array;
  private f64!: Float64Array;
  private readonly L: Layout;
  private top: number;
  private readonly nodes: TNode[] = [];
  private readonly states: StateRoot[] = [];

  /** A matcher of its own, or one a finished machine gave back (see release). */
  static create(): KnownStacks | null {
    const spare = spares.pop();
    if (spare !== undefined) return spare;
    const mod = laneModule();
    if (mod === null) return null;
    try {
      return new KnownStacks(mod);
    } catch {
      return null;
    }
  }

  private constructor(mod: WebAssembly.Module) {
    this.memory = new WebAssembly.Memory({ initial: 1 });
    const inst = new WebAssembly.Instance(mod, { env: { memory: this.memory } });
    const L = (this.L = readLayout(inst.exports));
    this.memory.grow(Math.ceil((L.HEAP + PAGE) / PAGE) - 1);
    this.top = L.HEAP;
    this.scanFn = inst.exports.scan as KnownStacks['scanFn'];
    this.resolveFn = inst.exports.resolve as KnownStacks['resolveFn'];
    this.views();
    WORDS.forEach((w, k) => this.bytes.write(w, L.WORDS + 16 * k, 'latin1'));
  }

  private views(): void {
    const buf = this.memory.buffer;
    this.bytes = Buffer.from(buf);
    this.i32 = new Int32Array(buf);
    this.f64 = new Float64Array(buf);
  }

  /** A state now in the machine's list (its index there is its index here). */
  addState(st: StateRoot): void {
    const L = this.L;
    if (this.dead || this.states.length >= L.MAX_STATES) return;
    const root = this.node(st.root, 0);
    const rec = this.alloc(L.STATE_SIZE);
    const text = this.string(st.text);
    if (this.dead || root === 0) return;
    this.setI32(rec + L.S_TEXT, text);
    this.setI32(rec + L.S_TEXTLEN, text < 0 ? -1 : st.text.length);
    this.setI32(rec + L.S_ROOT, root);
    this.setI32(L.STATES + 4 * this.states.length, rec);
    this.states.push(st);
  }

  /** A state and the nodes under it that were read before this lane existed. */
  addTree(st: StateRoot): void {
    this.addState(st);
    const walk = (node: TNode): void => {
      for (const kid of node.kids) {
        if (kid.lane === 0) continue;
        this.addKid(kid);
        walk(kid);
      }
    };
    walk(st.root);
  }

  /**
   * A copy of kid, under its parent's copy (none when the parent has none: it is under a state
   * past the first 64). Children are tried in any order: at most one child of a node has a given
   * function, file:line and creator flag, and the matcher takes a child only when all three
   * match, so a node whose other children have no copy yet just sends their lines the long way.
   */
  addKid(kid: TNode): void {
    const L = this.L;
    const parent = kid.parent;
    if (this.dead || kid.lane > 0 || parent === null || parent.lane <= 0) return;
    const k = this.node(kid, kid.creator ? L.F_CREATOR : 0);
    if (k === 0) return;
    const p = parent.lane;
    this.setI32(k + L.N_SIB, this.i32[(p + L.N_KID) >> 2]);
    this.setI32(p + L.N_KID, k);
    if (parent.kids.length > LANE_WIDE) this.setI32(p + L.N_FLAGS, this.i32[(p + L.N_FLAGS) >> 2] | L.F_WIDE);
  }

  /** A node record for n (not linked to a parent yet); 0 when out of memory. */
  private node(n: TNode, flags: number): number {
    const L = this.L;
    const func = n.frame?.func ?? '';
    const fa = this.string(func);
    const la = this.string(n.loc);
    const rec = this.alloc(L.NODE_SIZE);
    if (this.dead) return 0;
    this.setI32(rec + L.N_FUNC, fa < 0 ? 0 : fa);
    this.setI32(rec + L.N_FUNCLEN, fa < 0 ? -1 : func.length);
    this.setI32(rec + L.N_LOC, la < 0 ? 0 : la);
    this.setI32(rec + L.N_LOCLEN, la < 0 ? -1 : n.loc.length);
    this.setI32(rec + L.N_FLAGS, flags);
    this.setI32(rec + L.N_KID, 0);
    this.setI32(rec + L.N_SIB, 0);
    this.setI32(rec + L.N_SERIAL, this.nodes.length);
    this.nodes.push(n);
    n.lane = rec;
    return rec;
  }

  private setI32(addr: number, v: number): void {
    this.i32[addr >> 2] = v;
  }

  /** s's bytes in memory; -1 when s is not ASCII (the lane reads ASCII only: it never matches). */
  private string(s: string): number {
    const a = this.alloc(s.length);
    if (this.dead) return 0;
    const b = this.bytes;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 127) return -1;
      b[a + i] = c;
    }
    return a;
  }

  /** size bytes, 8-aligned; 0 (and dead) when the memory cannot grow. */
  private alloc(size: number): number {
    const at = this.top;
    const end = (at + size + 7) & ~7;
    if (end > this.memory.buffer.byteLength) {
      try {
        this.memory.grow(Math.ceil((end - this.memory.buffer.byteLength) / PAGE) + 16);
      } catch {
        this.dead = true;
        return 0;
      }
      this.views();
    }
    this.top = end;
    return at;
  }

  /**
   * The machine is done with it: it is kept for the next machine, with its trie forgotten.
   * (Each WebAssembly memory reserves gigabytes of address space until it is collected: a
   * `watch` parsing hundreds of dumps a minute should not make one per dump.)
   */
  release(): void {
    if (this.dead || spares.length >= MAX_SPARES || this.memory.buffer.byteLength > MAX_SPARE_BYTES) return;
    this.top = this.L.HEAP;
    this.nodes.length = 0;
    this.states.length = 0;
    spares.push(this);
  }

  /** Makes b (ASCII, at most LANE_PIECE bytes) the input. */
  load(b: Uint8Array): void {
    this.bytes.set(b, this.L.INPUT);
  }

  /**
   * Reads on from pos (text: where the text not yet read begins); sets pos, text, count,
   * idCount and idsIncreasing. With `runs`, goroutines equal but for their ids come back as
   * one record with a count (for a machine that merges them anyway).
   */
  scan(pos: number, text: number, n: number, runs: boolean): number {
    const status = this.scanFn(pos, text, n, this.states.length, runs ? 1 : 0);
    const c = this.L.CTRL >> 2;
    this.pos = this.i32[c];
    this.text = this.i32[c + 1];
    this.count = this.i32[c + 2];
    this.idCount = this.i32[c + 3];
    this.idsIncreasing = this.i32[c + 4] !== 0;
    return status;
  }

  /** The ids of the last scan's goroutines, in order (a view: valid until the next scan). */
  ids(): Float64Array {
    const at = this.L.IDS >> 3;
    return this.f64.subarray(at, at + this.idCount);
  }

  /** Record r of the last scan went to the machine's record `sink`. */
  setSink(r: number, sink: number): void {
    this.setI32(this.L.SINKS + 4 * r, sink);
  }

  /** The machine's record of each of the last scan's goroutines, once every setSink is done (a view). */
  sinkOfIds(): Int32Array {
    this.resolveFn(this.idCount);
    const at = this.L.RECORD_OF >> 2;
    return this.i32.subarray(at, at + this.idCount);
  }

  /** Record r of the last scan, into out. */
  record(r: number, out: KnownGoroutine): void {
    const L = this.L;
    const a = L.OUT + r * L.REC;
    const i32 = this.i32;
    const f64 = this.f64;
    out.id = f64[(a + L.R_ID) >> 3];
    out.creatorGid = f64[(a + L.R_CREATOR_GID) >> 3];
    out.waitMinutes = f64[(a + L.R_MINUTES) >> 3];
    out.state = this.states[i32[(a + L.R_STATE) >> 2]];
    out.locked = i32[(a + L.R_LOCKED) >> 2] !== 0;
    out.node = this.nodes[i32[(a + L.R_NODE) >> 2]];
    const c = i32[(a + L.R_CREATOR) >> 2];
    out.creator = c < 0 ? null : this.nodes[c].frame;
    out.lines = i32[(a + L.R_LINES) >> 2];
    out.count = i32[(a + L.R_COUNT) >> 2];
  }
}

export const newKnownGoroutine = (): KnownGoroutine => ({
  id: 0,
  state: null,
  waitMinutes: 0,
  locked: false,
  node: null,
  creator: null,
  creatorGid: -1,
  lines: 0,
  count: 1,
});
