// The line machine behind every text format: debug=1 profiles, debug=2 dumps and tracebacks
// (panic, `fatal error:`, SIGQUIT, runtime.Stack). One pass, one line at a time, no lookahead,
// no regular expression per line: lines are told apart by their first characters.
//
//   goroutine 7 gp=0x… m=nil [chan receive, 15 minutes]:   header (see header.ts)
//   main.worker(0xc000012345, {0x1, 0x2}, ...)              function line: name up to the last '('
//   \t/src/app/worker.go:42 +0x1d fp=0x… sp=0x… pc=0x…     file line (tab, spaces, any indent, or none)
//   ...additional frames elided... / ...12 frames elided...
//   created by main.main in goroutine 1                     + its file line
//   [originating from goroutine 1]:                         ancestors (skipped, not goroutines)
//   goroutine profile: total 12 / N @ 0x… / #\t0x… f+0x…\tfile:line / # labels: {…}   debug=1
//
// Everything else (panic messages, `runtime stack:` sections, register dumps, test output,
// sanitizer reports) is passed over. Oddities become warnings with a line number.
import type { Frame, Profile, ProfileFormat } from './types.js';
import { parseHeader } from './header.js';
import { parseLabels, type Labels } from './labels.js';
import { FrameTable } from './frames.js';
import { IdList } from './ids.js';
import { Sink, type Draft } from './merge.js';
import { addKid, framesOf, newNode, type TNode } from './stack-trie.js';
import { Warnings, detach, quote } from './warnings.js';
import { END, FLUSH, KnownStacks, LANE_PIECE, MAX_LINE, newKnownGoroutine, type KnownGoroutine, type StateRoot } from './known-stacks.js';

const NONE = 0; // between goroutines
const GOROUTINE = 1; // inside a traceback goroutine
const ANCESTOR = 2; // inside `[originating from goroutine N]:`, skipped
const SYSTEM_STACK = 3; // inside `runtime stack:`, skipped
const RECORD = 4; // inside a debug=1 record

const PEND_NONE = 0;
const PEND_FUNC = 1;
const PEND_CREATOR = 2;

const NO_KIDS: TNode[] = [];

/** A wait state seen, with the root of its stack trie (the fast lane's StateRoot). */
type State = StateRoot;

const latin1 = (b: Uint8Array, from: number, to: number): string => Buffer.from(b.buffer, b.byteOffset + from, to - from).toString('latin1');


export interface MachineOptions {
  /** Merge goroutines with the same signature into one record with a count (bounded memory). */
  merge: boolean;
  /** When merging, keep goroutines with different wait minutes in different records. */
  exactWaits?: boolean;
  /** Named in warnings. */
  source?: string;
}

export class TextMachine {
  private readonly frames = new FrameTable();
  private readonly ids = new IdList();
  private readonly sink: Sink;
  private readonly warnings: Warnings;
  /** Wait states seen, each with the root of its stack trie; a short list is scanned first. */
  private readonly states = new Map<string, State>();
  private readonly stateList: State[] = [];

  private mode = NONE;
  private lineNo = 0;
  private carry = '';
  private cutting = false;
  private first = true;

  /** The goroutine or debug=1 record being read; reused. */
  private readonly d: Draft = {
    id: null,
    count: 0,
    state: '',
    waitMinutes: 0,
    lockedToThread: false,
    leaked: false,
    frames: [],
    createdBy: null,
    createdByGoroutine: null,
    labels: null,
    framesElided: false,
  };
  /** Where the current goroutine's stack is in the trie. */
  private node: TNode = newNode(null, null, '', false);
  /**
   * A function line (PEND_FUNC) or `created by` line (PEND_CREATOR) waiting for its file line:
   * the line, where the name is in it, the name when a trie child matched it, the line number.
   */
  private pendKind = PEND_NONE;
  private pendText = '';
  private pendStart = 0;
  private pendEnd = 0;
  private pendName: string | null = null;
  private pendLineNo = 0;
  private unavailable = false;
  private startLine = 0;
  /** Position of the current goroutine's id in `ids`. */
  private idPos = 0;
  private unavailableDrafts: { draft: Draft; line: number; pos: number }[] = [];

  private headers = 0; // traceback headers
  private anyLeaked = false;
  private orphanWarned = false;
  private profileHeaders = 0; // `goroutine profile: total N` lines
  private headerTotal = 0;
  private leakProfile = false; // inside a `goroutineleak profile:`
  private sawLeakHeader = false;
  private records = 0; // debug=1 records
  private recordTotal = 0;

  constructor(private readonly opts: MachineOptions) {
    this.sink = new Sink(opts.merge, opts.exactWaits ?? false);
    this.warnings = new Warnings(opts.source);
  }

  /** Feeds the next piece of text; pieces may split lines anywhere. */
  write(chunk: string): void {
    if (chunk.length === 0) return;
    if (this.first) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    let pos = 0;
    if (this.cutting) {
      const nl = chunk.indexOf('\n');
      if (nl < 0) return;
      this.cutting = false;
      pos = nl + 1;
    } else if (this.carry !== '') {
      const nl = chunk.indexOf('\n');
      if (nl < 0) {
        this.carry += chunk;
        if (this.carry.length > MAX_LINE) this.cutLong();
        return;
      }
      const line = this.carry + chunk.slice(0, nl);
      this.carry = '';
      this.feed(line);
      pos = nl + 1;
    }
    this.run(chunk, pos);
  }

  /**
   * Feeds the next piece of input as bytes the caller knows to be ASCII (pieces may split
   * lines anywhere, as with write). Goroutines whose stacks the trie knows are read straight
   * from the bytes (known-stacks.ts); the text between them goes through write().
   */
  writeAscii(b: Uint8Array): void {
    if (this.lane === undefined) {
      this.lane = KnownStacks.create();
      for (const st of this.stateList) this.lane?.addTree(st);
    }
    for (let from = 0; from < b.length; from += LANE_PIECE) {
      const piece = b.subarray(from, Math.min(b.length, from + LANE_PIECE));
      if (this.lane === null || this.lane.dead) this.write(latin1(piece, 0, piece.length));
      else this.writeLane(this.lane, piece);
    }
  }

  private writeLane(lane: KnownStacks, b: Uint8Array): void {
    const n = b.length;
    let pos = 0;
    if (this.carry !== '' || this.cutting) {
      // finish the line begun in the previous piece the usual way
      const nl = b.indexOf(10);
      if (nl < 0) {
        this.write(latin1(b, 0, n));
        return;
      }
      pos = nl + 1;
      this.write(latin1(b, 0, pos));
      if (lane.dead) {
        this.write(latin1(b, pos, n));
        return;
      }
    }
    lane.load(b);
    const known = this.known;
    let text = pos; // start of the bytes not read yet
    const runs = this.opts.merge;
    for (;;) {
      const status = lane.scan(pos, text, n, runs);
      const idPos = this.ids.pushAll(lane.ids(), lane.idsIncreasing);
      for (let r = 0; r < lane.count; r++) {
        lane.record(r, known);
        lane.setSink(r, this.takeKnown(known));
      }
      this.ids.setRecords(idPos, lane.sinkOfIds());
      pos = lane.pos;
      text = lane.text;
      if (status === END) break;
      if (status === FLUSH) {
        // what came before a header goes first, so that the trie knows its stacks from here on
        this.write(latin1(b, text, pos));
        text = pos;
      }
      if (lane.dead) break; // out of memory while the long way taught the trie: the rest goes that way
    }
    if (text < n) this.write(latin1(b, text, n));
  }

  /** The fast lane (known-stacks.ts): made on the first ASCII piece; null when WebAssembly is unavailable. */
  private lane: KnownStacks | null | undefined = undefined;

  /** The last goroutine matched by the fast lane. */
  private readonly known = newKnownGoroutine();

  /**
   * Goroutines matched whole from bytes (k.count of them, equal but for their ids): the same
   * effect as their lines read one by one, but for their ids, which the caller has added to
   * `ids` and gives their record. Returns that record.
   */
  private takeKnown(k: KnownGoroutine): number {
    this.first = false;
    this.endCurrent();
    this.lineNo++;
    this.startGoroutine(k.id, k.state as State, k.waitMinutes, k.locked, false, null, false);
    this.headers += k.count - 1;
    this.d.count = k.count;
    this.node = k.node as TNode;
    this.d.createdBy = k.creator;
    this.d.createdByGoroutine = k.creatorGid;
    this.lineNo += k.lines + (k.count - 1) * (1 + k.lines);
    const rec = this.endGoroutine();
    this.mode = NONE;
    return rec;
  }

  /** Ends the input and returns what was read. */
  end(): Profile {
    this.lane?.release();
    this.lane = null;
    if (this.carry !== '') {
      const last = this.carry;
      this.carry = '';
      this.feed(last);
    }
    this.cutting = false;
    try {
      this.endCurrent();
    } catch (err) {
      this.internalError(err);
    }
    return this.result();
  }

  private run(s: string, pos: number): void {
    const len = s.length;
    while (pos < len) {
      const nl = s.indexOf('\n', pos);
      if (nl < 0) break;
      let end = nl;
      if (end > pos && s.charCodeAt(end - 1) === 13) end--;
      this.lineNo++;
      try {
        if (this.mode !== GOROUTINE || !this.hot(s, pos, end)) this.lineAt(s, pos, end);
      } catch (err) {
        this.internalError(err);
      }
      pos = nl + 1;
    }
    if (pos < len) {
      this.carry = s.slice(pos);
      if (this.carry.length > MAX_LINE) this.cutLong();
    }
  }

  private feed(line: string): void {
    const len = line.length;
    this.lineNo++;
    try {
      this.lineAt(line, 0, len > 0 && line.charCodeAt(len - 1) === 13 ? len - 1 : len);
    } catch (err) {
      this.internalError(err);
    }
  }

  private cutLong(): void {
    const head = this.carry.slice(0, MAX_LINE);
    this.carry = '';
    this.cutting = true;
    this.feed(head);
    this.warnings.add(this.lineNo, `line longer than ${MAX_LINE} characters; the rest of it was skipped`);
  }

  private internalError(err: unknown): void {
    const msg = err instanceof Error ? err.message : String(err);
    this.warnings.add(this.lineNo, `parser error (${msg}); line skipped`);
    this.pendKind = PEND_NONE;
    this.pendName = null;
    this.mode = NONE;
  }

  // ---- one line ----

  /**
   * The two lines that make up most of a dump, a function line and its file line, when the
   * trie already knows them: handled here with one compare each. False sends the line the
   * long way (lineAt), which also handles everything that is new.
   */
  private hot(s: string, a: number, b: number): boolean {
    const node = this.node;
    if (node.byFunc !== null) return false;
    const kids = node.kids;
    const name = this.pendName;
    if (name !== null) {
      let p = a;
      while (p < b && isSpace(s.charCodeAt(p))) p++;
      if (p === a) return false;
      const creator = this.pendKind === PEND_CREATOR;
      for (let k = 0; k < kids.length; k++) {
        const kid = kids[k];
        if (kid.creator !== creator || (kid.frame as Frame).func !== name) continue;
        const loc = kid.loc;
        const e = p + loc.length;
        if (loc !== '' && (e === b || (e < b && isSpace(s.charCodeAt(e)))) && textAt(s, p, loc)) {
          this.take(kid);
          return true;
        }
      }
      return false;
    }
    if (this.pendKind !== PEND_NONE || a === b) return false;
    const c0 = s.charCodeAt(a) | 32;
    if (c0 < 97 || c0 > 122) return false;
    for (let k = 0; k < kids.length; k++) {
      const kid = kids[k];
      if (kid.creator) continue;
      const f = (kid.frame as Frame).func;
      const n = f.length;
      if (a + n < b && s.charCodeAt(a + n) === 40 && f.charCodeAt(n - 1) !== 46 && textAt(s, a, f)) {
        this.pend(PEND_FUNC, s, a, a + n, f);
        return true;
      }
    }
    return false;
  }

  /**
   * The line s[a, b). Inside a goroutine (most lines of a dump) it is read in place, without
   * slicing it out of the chunk; everything else goes to line() on a sliced copy.
   */
  private lineAt(s: string, a: number, b: number): void {
    if (a === b) {
      this.blank();
      return;
    }
    const c0 = s.charCodeAt(a);
    if (c0 === 103 /* g */ && this.fastHeader(s, a, b)) return;
    if (this.mode === GOROUTINE) this.goroutineLine(s, a, b, c0);
    else this.line(a === 0 && b === s.length ? s : s.slice(a, b));
  }

  private line(line: string): void {
    const len = line.length;
    if (len === 0) {
      this.blank();
      return;
    }
    const c0 = line.charCodeAt(0);
    if (c0 === 103 /* g */ && line.startsWith('goroutine') && this.headerAt(line, 0)) return;
    switch (this.mode) {
      case GOROUTINE:
        this.goroutineLine(line, 0, len, c0);
        return;
      case RECORD:
        this.recordLine(line, c0);
        return;
      case NONE:
        this.noneLine(line, c0);
        return;
      default: {
        // Ancestors and system stacks run to a blank line or the next header.
        if (!isSpace(c0)) return;
        const k = skipSpace(line, 0);
        if (k === len) this.blank();
        else if (line.startsWith('goroutine ', k)) this.headerAt(line, k);
      }
    }
  }

  /** A traceback or debug=1 header at `at`; false (and nothing changed) when there is none. */
  private headerAt(line: string, at: number): boolean {
    if (line.startsWith('goroutine profile: total ', at)) {
      this.profileHeader(line.slice(at + 25), false);
      return true;
    }
    if (line.startsWith('goroutineleak profile: total ', at)) {
      this.profileHeader(line.slice(at + 29), true);
      return true;
    }
    if (this.fastHeader(line, at, line.length)) return true;
    const h = parseHeader(line, at);
    if (h === null) return false;
    this.endCurrent();
    this.startGoroutine(h.id, this.state(h.state), h.waitMinutes, h.lockedToThread, h.leaked, h.labels);
    return true;
  }

  /**
   * `goroutine 7 [chan receive]:`, `[select, 6 minutes, locked to thread]:` with a state seen
   * before: read without building any string. Anything else goes to parseHeader.
   */
  private fastHeader(line: string, at: number, len: number): boolean {
    let i = at + 10;
    if (i >= len || line.charCodeAt(i - 1) !== 32 || !textAt(line, at, 'goroutine ')) return false;
    let id = 0;
    const idStart = i;
    for (let c = line.charCodeAt(i); c >= 48 && c <= 57; c = line.charCodeAt(++i)) id = id * 10 + (c - 48);
    if (i === idStart || i - idStart > 15 || line.charCodeAt(i) !== 32 || line.charCodeAt(i + 1) !== 91 /* [ */) return false;
    if (line.charCodeAt(len - 1) !== 58 /* : */ || line.charCodeAt(len - 2) !== 93 /* ] */) return false;
    const from = i + 2;
    const list = this.stateList;
    for (let k = 0; k < list.length; k++) {
      const st = list[k];
      const t = st.text;
      let e = from + t.length;
      if (!textAt(line, from, t)) continue;
      let c = line.charCodeAt(e);
      if (c !== 93 && c !== 44) continue;
      let minutes = 0;
      let locked = false;
      while (c === 44 /* , */) {
        if (line.charCodeAt(e + 1) !== 32) return false;
        e += 2;
        c = line.charCodeAt(e);
        if (c >= 48 && c <= 57) {
          let m = 0;
          for (; c >= 48 && c <= 57; c = line.charCodeAt(++e)) m = m * 10 + (c - 48);
          if (line.startsWith(' minutes', e)) e += 8;
          else if (line.startsWith(' minute', e)) e += 7;
          else return false;
          minutes = m;
        } else if (line.startsWith('locked to thread', e)) {
          e += 16;
          locked = true;
        } else return false;
        c = line.charCodeAt(e);
      }
      if (c !== 93 || e !== len - 2) return false;
      this.endCurrent();
      this.startGoroutine(id, st, minutes, locked, false, null);
      return true;
    }
    return false;
  }

  private state(text: string): State {
    let st = this.states.get(text);
    if (st === undefined) {
      const t = detach(text);
      st = { text: t, root: newNode(null, null, '', false) };
      this.states.set(t, st);
      if (this.stateList.length < 64) {
        this.stateList.push(st);
        this.lane?.addState(st);
      }
    }
    return st;
  }

  private blank(): void {
    this.endCurrent();
  }

  private endCurrent(): void {
    if (this.mode === GOROUTINE) this.endGoroutine();
    else if (this.mode === RECORD) this.endRecord();
    this.mode = NONE;
  }

  private noneLine(line: string, c0: number): void {
    if (c0 >= 48 && c0 <= 57) {
      if (this.recordHeader(line)) return;
    } else if (c0 === 114 /* r */) {
      if (line.startsWith('runtime stack:')) {
        this.mode = SYSTEM_STACK;
        return;
      }
    } else if (c0 === 91 /* [ */) {
      if (line.startsWith('[originating from goroutine')) {
        this.mode = ANCESTOR;
        return;
      }
    } else if (isSpace(c0)) {
      const k = skipSpace(line, 0);
      if (k === line.length) return;
      if (line.startsWith('goroutine', k) && this.headerAt(line, k)) return;
      if (!this.orphanWarned && c0 === 9 && locOf(line) !== null) {
        this.orphanWarned = true;
        this.warnings.add(this.lineNo, 'stack frames outside any goroutine were skipped');
      }
      return;
    }
    // A header glued to the text before it: `…dumping all stacksgoroutine 1 [running]:`.
    if (line.charCodeAt(line.length - 1) === 58 /* : */) {
      const g = line.indexOf('goroutine ', 1);
      if (g > 0 && this.headerAt(line, g)) {
        this.warnings.add(this.lineNo, 'goroutine header glued to the text before it');
      }
    }
  }

  // ---- tracebacks ----

  /** pushId false: the fast lane adds ids, and their records, itself. */
  private startGoroutine(id: number, st: State, minutes: number, locked: boolean, leaked: boolean, labels: Labels | null, pushId = true): void {
    this.mode = GOROUTINE;
    this.headers++;
    this.idPos = pushId ? this.ids.push(id) : -1;
    const d = this.d;
    d.id = id;
    d.count = 1;
    d.state = st.text;
    d.waitMinutes = minutes;
    d.lockedToThread = locked;
    d.leaked = leaked || this.leakProfile;
    if (d.leaked) this.anyLeaked = true;
    d.labels = labels;
    d.createdBy = null;
    d.createdByGoroutine = null;
    d.framesElided = false;
    this.node = st.root;
    this.pendKind = PEND_NONE;
    this.pendName = null;
    this.unavailable = false;
    this.startLine = this.lineNo;
    this.orphanWarned = false;
  }

  private goroutineLine(s: string, a: number, b: number, c0: number): void {
    if (this.pendKind !== PEND_NONE) {
      if (this.fileLine(s, a, b)) return;
      this.attachMissing();
    }
    if (isSpace(c0)) {
      const line = s.slice(a, b);
      const k = skipSpace(line, 0);
      if (k === line.length) {
        this.blank();
        return;
      }
      if (line.charCodeAt(k) === 103 /* g */) {
        if (line.startsWith('goroutine running on other thread', k)) {
          this.unavailable = true; // `\tgoroutine running on other thread; stack unavailable`
          return;
        }
        if (line.startsWith('goroutine', k) && this.headerAt(line, k)) return;
      }
      if (locOf(line) !== null) {
        this.warnings.add(this.lineNo, `file line without a function line: ${quote(line.trim())}`);
        return;
      }
      if (this.funcLine(line, k, line.length)) return; // a dump indented as a whole
      this.endCurrent();
      return;
    }
    if (c0 === 46 /* . */) {
      if (b - a >= 12 && textAt(s, a, '...') && textAt(s, b - 9, 'elided...')) {
        this.d.framesElided = true;
        return;
      }
    } else if (c0 === 99 /* c */) {
      if (textAt(s, a, 'created by ')) {
        this.createdBy(s, a + 11, b);
        return;
      }
    } else if (c0 === 91 /* [ */) {
      if (textAt(s, a, '[originating from goroutine')) {
        this.endCurrent();
        this.mode = ANCESTOR;
        return;
      }
    }
    if (this.funcLine(s, a, b)) return;
    // Anything else ends the goroutine: `exit status 2`, a sanitizer report, the next panic…
    this.endCurrent();
    this.noneLine(s.slice(a, b), c0);
  }

  /** `pkg.(*T).method[...](0x1, {0x2, 0x3}, ...)` in s[a, b): the name is everything before the last '('. */
  private funcLine(s: string, a: number, b: number): boolean {
    const node = this.node;
    if (node.byFunc === null) {
      const kids = node.kids;
      for (let k = 0; k < kids.length; k++) {
        const kid = kids[k];
        if (kid.creator) continue;
        const f = (kid.frame as Frame).func;
        const n = f.length;
        // `pkg.` followed by `(` could be the start of `pkg.(*T).m`: such names take the slow path.
        if (a + n < b && s.charCodeAt(a + n) === 40 && f.charCodeAt(n - 1) !== 46 && textAt(s, a, f)) {
          this.pend(PEND_FUNC, s, a, a + n, f);
          return true;
        }
      }
    }
    const t = a === 0 && b === s.length ? s : s.slice(a, b);
    const p = t.lastIndexOf('(');
    if (p <= 0) return false;
    const sp = t.indexOf(' ');
    if (sp >= 0 && sp < p) return false; // prose, not a Go symbol
    if (node.byFunc !== null) {
      for (const kid of node.byFunc.get(t.slice(0, p)) ?? NO_KIDS) {
        if (!kid.creator) {
          this.pend(PEND_FUNC, t, 0, p, (kid.frame as Frame).func);
          return true;
        }
      }
    }
    this.pend(PEND_FUNC, t, 0, p, null);
    return true;
  }

  /** `created by main.main in goroutine 1` (or without ` in goroutine N` before Go 1.21); s[start, b) follows `created by `. */
  private createdBy(s: string, start: number, b: number): void {
    let end = b;
    let gid: number | null = null;
    // ` in goroutine 12` at the end (Go 1.21+)?
    let d = end;
    while (d > start && isDigit(s.charCodeAt(d - 1))) d--;
    if (d < end && end - d < 16 && d - 14 >= start && textAt(s, d - 14, ' in goroutine ')) {
      let n = 0;
      for (let i = d; i < end; i++) n = n * 10 + (s.charCodeAt(i) - 48);
      gid = n;
      end = d - 14;
    }
    while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
    this.d.createdByGoroutine = gid;
    const node = this.node;
    const kids = node.byFunc === null ? node.kids : this.kidsNamed(node, s, start, end);
    for (let k = 0; k < kids.length; k++) {
      const kid = kids[k];
      if (!kid.creator) continue;
      const f = (kid.frame as Frame).func;
      if (f.length === end - start && textAt(s, start, f)) {
        this.pend(PEND_CREATOR, s, start, end, f);
        return;
      }
    }
    this.pend(PEND_CREATOR, s, start, end, null);
  }

  private kidsNamed(node: TNode, text: string, start: number, end: number): TNode[] {
    if (end <= start) return NO_KIDS;
    return (node.byFunc as Map<string, TNode[]>).get(text.slice(start, end)) ?? NO_KIDS;
  }

  private pend(kind: number, text: string, start: number, end: number, name: string | null): void {
    this.pendKind = kind;
    this.pendText = text;
    this.pendStart = start;
    this.pendEnd = end;
    this.pendName = name;
    this.pendLineNo = this.lineNo;
  }

  /** The file line s[a, b) completing the pending function or creator; false if it is not one. */
  private fileLine(s: string, a: number, b: number): boolean {
    const node = this.node;
    const creator = this.pendKind === PEND_CREATOR;
    const name = this.pendName;
    if (name !== null) {
      let p = a;
      while (p < b && isSpace(s.charCodeAt(p))) p++;
      const kids = node.byFunc === null ? node.kids : (node.byFunc.get(name) ?? NO_KIDS);
      for (let k = 0; k < kids.length; k++) {
        const kid = kids[k];
        if (kid.creator !== creator || (kid.frame as Frame).func !== name) continue;
        const loc = kid.loc;
        const e = p + loc.length;
        if (loc !== '' && (e === b || (e < b && isSpace(s.charCodeAt(e)))) && textAt(s, p, loc)) {
          this.take(kid);
          return true;
        }
      }
    }
    const loc = locOf(a === 0 && b === s.length ? s : s.slice(a, b));
    if (loc === null) return false;
    this.take(this.newKid(loc));
    return true;
  }

  /** The pending function or creator had no file line: keep it with an unknown location. */
  private attachMissing(): void {
    const name = this.pendName ?? this.pendText.slice(this.pendStart, this.pendEnd).trim();
    this.warnings.add(this.pendLineNo, `no file:line after ${quote(name)}`);
    this.take(this.newKid(''));
  }

  /** The trie child for the pending name at `loc` (found or added): the slow path. */
  private newKid(loc: string): TNode {
    const creator = this.pendKind === PEND_CREATOR;
    const name = this.pendName ?? this.pendText.slice(this.pendStart, this.pendEnd).trim();
    const frame = this.frames.intern(name, loc);
    const node = this.node;
    const same = node.byFunc === null ? node.kids : (node.byFunc.get(frame.func) ?? NO_KIDS);
    for (const kid of same) if (kid.frame === frame && kid.creator === creator) return kid;
    return addKid(node, frame, detach(loc), creator);
  }

  private take(kid: TNode): void {
    this.node = kid;
    if (kid.lane <= 0) {
      // the second time a stack passes a node, the fast lane gets a copy of it
      if (kid.lane === 0) kid.lane = -1;
      else this.lane?.addKid(kid);
    }
    if (kid.creator) this.d.createdBy = kid.frame;
    this.pendKind = PEND_NONE;
    this.pendName = null;
  }

  /** Returns the record the goroutine went to (-1: kept aside until the end). */
  private endGoroutine(): number {
    if (this.pendKind !== PEND_NONE) this.attachMissing();
    const d = this.d;
    d.frames = framesOf(this.node);
    if (d.frames.length === 0) {
      if (this.unavailable) {
        // Its full trace often follows later under the same id (fatal errors print it again).
        this.unavailableDrafts.push({ draft: { ...d, frames: [] }, line: this.startLine, pos: this.idPos });
        return -1;
      }
      this.warnings.add(this.startLine, `goroutine ${d.id} has no stack frames`);
    }
    const rec = this.sink.addAt(this.node, d);
    if (this.idPos >= 0) this.ids.setRecord(this.idPos, rec);
    return rec;
  }

  // ---- debug=1 ----

  private profileHeader(rest: string, leak: boolean): void {
    this.endCurrent();
    this.profileHeaders++;
    this.leakProfile = leak;
    if (leak) this.sawLeakHeader = true;
    const n = Number(rest.trim());
    if (Number.isSafeInteger(n) && n >= 0) this.headerTotal += n;
    else this.warnings.add(this.lineNo, `unreadable profile total ${quote(rest)}`);
  }

  /** `12 @ 0x43a1 0x44b2 …`: a debug=1 record of 12 goroutines. */
  private recordHeader(line: string): boolean {
    const at = line.indexOf(' @');
    if (at <= 0 || at > 15) return false;
    let count = 0;
    for (let i = 0; i < at; i++) {
      const c = line.charCodeAt(i);
      if (c < 48 || c > 57) return false;
      count = count * 10 + (c - 48);
    }
    const after = line.charCodeAt(at + 2);
    if (at + 2 < line.length && after !== 32 && after !== 9) return false;
    this.endCurrent();
    this.mode = RECORD;
    this.records++;
    this.recordTotal += count;
    const d = this.d;
    d.id = null;
    d.count = count;
    d.state = '';
    d.waitMinutes = 0;
    d.lockedToThread = false;
    d.leaked = this.leakProfile;
    if (d.leaked) this.anyLeaked = true;
    d.labels = null;
    this.newFrames();
    d.createdBy = null;
    d.createdByGoroutine = null;
    d.framesElided = false;
    this.startLine = this.lineNo;
    return true;
  }

  private recordLine(line: string, c0: number): void {
    if (c0 === 35 /* # */) {
      if (line.startsWith('# labels: ')) this.d.labels = parseLabels(line.slice(10));
      else this.hashFrame(line);
      return;
    }
    if (c0 >= 48 && c0 <= 57 && this.recordHeader(line)) return;
    if (isSpace(c0) && skipSpace(line, 0) === line.length) {
      this.blank();
      return;
    }
    this.endCurrent();
    this.noneLine(line, c0);
  }

  /** `#\t0x4321\tmain.f+0x12\t\t/path/file.go:42` (or just `#\t0x4321` without symbols). */
  private hashFrame(line: string): void {
    const len = line.length;
    let i = skipSpace(line, 1);
    const pcStart = i;
    while (i < len && !isSpace(line.charCodeAt(i))) i++;
    const pcEnd = i;
    i = skipSpace(line, i);
    if (i >= len) {
      if (pcEnd > pcStart) this.d.frames.push(this.frames.intern(line.slice(pcStart, pcEnd), ''));
      return;
    }
    const fStart = i;
    while (i < len && !isSpace(line.charCodeAt(i))) i++;
    const fEnd = i;
    const plus = line.lastIndexOf('+', fEnd - 1);
    const func = line.slice(fStart, plus > fStart ? plus : fEnd);
    i = skipSpace(line, i);
    let e = len;
    while (e > i && isSpace(line.charCodeAt(e - 1))) e--;
    this.d.frames.push(this.frames.intern(func, i < e ? line.slice(i, e) : ''));
  }

  private endRecord(): void {
    const d = this.d;
    if (d.count === 0) {
      this.warnings.add(this.startLine, 'record of 0 goroutines skipped');
      return;
    }
    if (d.frames.length === 0) this.warnings.add(this.startLine, `record of ${d.count} goroutine${d.count === 1 ? '' : 's'} has no frames`);
    this.sink.add(d);
  }

  // ---- helpers ----

  private newFrames(): void {
    this.d.frames = [];
  }

  private result(): Profile {
    const w = this.warnings;
    // `stack unavailable` goroutines whose full trace never came: keep them without frames.
    const seen = this.unavailableDrafts.length === 0 ? new Map<number, number>() : this.ids.occurrences(this.unavailableDrafts.map((u) => u.draft.id as number));
    for (const { draft, line, pos } of this.unavailableDrafts) {
      if ((seen.get(draft.id as number) ?? 0) > 1) continue;
      w.add(line, `goroutine ${draft.id}: stack unavailable (running on another thread)`);
      this.ids.setRecord(pos, this.sink.add(draft));
    }
    this.unavailableDrafts = [];

    let tracebackTotal = 0;
    if (this.headers > 0) {
      const { count, repeated } = this.ids.distinct();
      tracebackTotal = count;
      if (repeated.length > 0) {
        // One goroutine, one record: the last trace of a repeated id wins.
        for (const rec of this.ids.superseded(repeated)) this.sink.drop(rec);
        const shown = repeated.slice(0, 5).join(', ') + (repeated.length > 5 ? ', …' : '');
        w.add(
          0,
          `goroutine ids repeat (${shown}): ${this.headers} headers, ${count} distinct goroutines; ` +
            'the last trace of each is kept (the input may hold several dumps)',
        );
      }
    }
    const recordsTotal = this.profileHeaders > 0 ? this.headerTotal : this.recordTotal;
    if (this.profileHeaders > 1) {
      w.add(0, `${this.profileHeaders} debug=1 profiles back to back; total ${this.headerTotal} is the sum of their totals`);
    }
    if (this.profileHeaders > 0 && this.headerTotal !== this.recordTotal) {
      w.add(0, `profile header says ${this.headerTotal} goroutines but its records add up to ${this.recordTotal}`);
    }
    if (this.headers > 0 && this.records > 0) {
      w.add(0, 'input mixes debug=1 records and tracebacks; total adds both');
    }
    if (this.headers === 0 && this.records === 0 && this.profileHeaders === 0) {
      w.add(0, 'no goroutine found: no "goroutine N [state]:" header and no debug=1 record');
    }

    let format: ProfileFormat;
    if (this.sawLeakHeader || this.anyLeaked) format = 'goroutineleak';
    else if (this.headers > 0) format = 'debug2';
    else if (this.records > 0 || this.profileHeaders > 0) format = 'debug1';
    else format = 'debug2';

    return {
      format,
      total: tracebackTotal + (this.records > 0 || this.profileHeaders > 0 ? recordsTotal : 0),
      goroutines: this.sink.finish(),
      warnings: w.finish(),
      takenAt: null,
    };
  }
}

/** Blank, tab, control characters and the Unicode spaces some pasted dumps use as indent. */
function isSpace(c: number): boolean {
  return (
    c <= 32 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0x1680 ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0xfeff
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * `s` holds `t` at `i`. Slicing and comparing is about twice as fast as startsWith(t, i) in
 * V8 for strings of a few dozen characters, which is what frames are.
 */
function textAt(s: string, i: number, t: string): boolean {
  const e = i + t.length;
  return e <= s.length && s.slice(i, e) === t;
}

function skipSpace(s: string, i: number): number {
  const len = s.length;
  while (i < len && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/**
 * `file:line` of a file line, without indent, `+0x…` offset and `fp= sp= pc=`; null when the
 * line is not one. `C:/Program Files/Go/src/x.go:12` works: the last ':' before the suffix counts.
 */
export function locOf(line: string): string | null {
  const s = skipSpace(line, 0);
  let e = line.indexOf(' +0x', s);
  if (e < 0) {
    e = line.indexOf(' fp=', s);
    if (e < 0) {
      e = line.length;
      while (e > s && isSpace(line.charCodeAt(e - 1))) e--;
    }
  }
  if (e <= s + 2) return null;
  const colon = line.lastIndexOf(':', e - 1);
  if (colon <= s || colon + 1 >= e) return null;
  for (let i = colon + 1; i < e; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return line.slice(s, e);
}

