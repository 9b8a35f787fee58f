// The state of one text machine, in one explicit object that the machine's modules take as
// their first argument (lines.ts, traceback.ts, goroutine-frames.ts, current-record.ts,
// debug1.ts, lane-bridge.ts, result.ts). Every field is set when the object is made, so all
// those functions see one hidden class: monomorphic property access, which V8 compiles to a
// plain load, as it did when the machine was one class. Nothing here does any work.
import { frameTableForParse } from './frames.js';
import { IdList } from './ids.js';
import { Sink, type Draft } from './merge.js';
import { newNode, type TNode } from './stack-trie.js';
import { Warnings } from './warnings.js';
import type { RuntimeMessage } from './types.js';
import { newKnownGoroutine, type KnownStacks, type StateRoot } from './known-stacks.js';
import { stacksForParse } from './shared-stacks.js';

// What the machine is inside of (MachineState.mode).
export const NONE = 0; // between goroutines
export const GOROUTINE = 1; // inside a traceback goroutine
export const ANCESTOR = 2; // inside `[originating from goroutine N]:`, skipped
export const SYSTEM_STACK = 3; // inside `runtime stack:`, skipped
export const RECORD = 4; // inside a debug=1 record

// What line waits for its file line (MachineState.pendKind).
export const PEND_NONE = 0;
export const PEND_FUNC = 1;
export const PEND_CREATOR = 2;

/** Shared by lookups that find no children. */
export const NO_KIDS: TNode[] = [];

/** A wait state seen, with the root of its stack trie (the fast lane's StateRoot). */
export type State = StateRoot;

export interface MachineOptions {
  /** Merge goroutines with the same signature into one record with a count (bounded memory). */
  merge: boolean;
  /** When merging, keep goroutines with different wait minutes in different records. */
  exactWaits?: boolean;
  /** Named in warnings. */
  source?: string;
}

/** A `stack unavailable` goroutine kept aside until the end (its full trace may come later). */
export interface UnavailableDraft {
  draft: Draft;
  line: number;
  pos: number;
}

/** What result.ts needs to know about the input as a whole, besides the records. */
export class Tally {
  /** Traceback headers (`goroutine N [...]:`), fast-lane goroutines included. */
  headers = 0;
  /** debug=1 records (`N @ 0x…`) and the goroutines they add up to. */
  records = 0;
  recordTotal = 0;
  /** `goroutine profile: total N` lines and the sum of their N. */
  profileHeaders = 0;
  headerTotal = 0;
  /** A goroutine or record marked leaked; a `goroutineleak profile:` header. */
  anyLeaked = false;
  sawLeakHeader = false;
}

export class MachineState {
  // ---- tables, kept for the whole input ----
  readonly frames = frameTableForParse();
  /** Every traceback goroutine's id, in input order, with the record it went to. */
  readonly ids = new IdList();
  readonly sink: Sink;
  readonly warnings: Warnings;
  /** The stack tries this parse reads into: those of the parses before it, when free (shared-stacks.ts). */
  readonly stacks = stacksForParse(this.frames);
  /** The tries were given back (at the end: lane-bridge.ts releaseLane). */
  stacksGiven = false;
  /** Wait states seen, each with the root of its stack trie; a short list is scanned first. */
  readonly states: Map<string, State> = this.stacks.states;
  readonly stateList: State[] = this.stacks.stateList;
  readonly tally = new Tally();
  /** `stack unavailable` goroutines, settled at the end (result.ts). */
  unavailableDrafts: UnavailableDraft[] = [];

  // ---- the input (lines.ts) ----
  readonly merge: boolean;
  lineNo = 0;
  /** The start of a line whose end is in the next piece. */
  carry = '';
  /** Skipping the rest of a line longer than MAX_LINE. */
  cutting = false;
  /** Nothing read yet (a byte order mark may start the input). */
  first = true;
  mode = NONE;
  /** Inside a `goroutineleak profile:` (debug=1). */
  leakProfile = false;
  /** A frame line outside any goroutine was warned about (once per gap). */
  orphanWarned = false;
  /** Runtime messages read so far (messages.ts), at most MAX_MESSAGES. */
  readonly messages: RuntimeMessage[] = [];

  // ---- the goroutine or debug=1 record being read (current-record.ts) ----
  /** A debug=1 record header was just read: its addresses (`@ 0x… 0x…`), for record-blocks.ts. */
  recKey: string | null = null;
  /** The record lines being kept for record-blocks.ts: where they start in the piece `s`. */
  blk: { key: string; s: string; start: number; lineNo: number; records: number } | null = null;
  /** Reused for every goroutine and record; the sink copies what it keeps. */
  readonly d: Draft = {
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
  node: TNode = newNode(null, null, '', false);
  /**
   * A function line (PEND_FUNC) or `created by` line (PEND_CREATOR) waiting for its file line:
   * the line, where the name is in it, the name when a trie child matched it, the line number.
   */
  pendKind = PEND_NONE;
  pendText = '';
  pendStart = 0;
  pendEnd = 0;
  pendName: string | null = null;
  pendLineNo = 0;
  /** `goroutine running on other thread; stack unavailable` was read. */
  unavailable = false;
  startLine = 0;
  /** Position of the current goroutine's id in `ids` (-1: the fast lane adds ids itself). */
  idPos = 0;

  // ---- the fast lane (lane-bridge.ts) ----
  /** The tries' lane: made on the first ASCII piece; null when WebAssembly is unavailable (or after the end). */
  lane: KnownStacks | null | undefined = this.stacks.lane;
  /** The last goroutine matched by the fast lane; reused. */
  readonly known = newKnownGoroutine();

  constructor(opts: MachineOptions) {
    this.merge = opts.merge;
    this.sink = new Sink(opts.merge, opts.exactWaits ?? false, this.stacks.signatures);
    this.warnings = new Warnings(opts.source);
  }
}
