// Where finished goroutines go: kept one by one (parseDump) or merged by signature (streaming),
// so a dump of a million goroutines parked at a few sites becomes a few records with counts.
//
// Signature = state, frames, createdBy (func/file/line), lockedToThread, leaked, framesElided,
// labels. Frames are interned, so the path part of a signature is walked as a trie keyed by
// object identity (the line machine, goroutine-frames.ts, walks its own stack trie and ends
// in a Slot directly); no key string is built per goroutine.
import type { Frame, Goroutine } from './types.js';
import type { Labels } from './labels.js';
import { labelsKey } from './labels.js';

export interface Draft {
  id: number | null;
  count: number;
  state: string;
  waitMinutes: number;
  lockedToThread: boolean;
  leaked: boolean;
  /** Handed over to the record (tracebacks share one frozen array per stack). */
  frames: Frame[];
  createdBy: Frame | null;
  createdByGoroutine: number | null;
  labels: Labels | null;
  framesElided: boolean;
}

/** The end of a signature path: records by flags and labels (and wait minutes, when kept apart). */
export interface Slot {
  /** Record index for no flags, no labels (and no wait), -1 when none yet. */
  plain: number;
  /** The rest: a number key (flags + 8 × minutes) without labels, a string with them. */
  other: Map<string | number, number> | null;
  /** The sink whose records plain and other index (Sink.epoch): the stack trie's nodes are
   *  slots too, and the trie outlives a parse (shared-stacks.ts), so another sink's are stale. */
  epoch: number;
}

export const newSlot = (): Slot => ({ plain: -1, other: null, epoch: 0 });

/** Sinks made so far in this thread: each one's epoch. */
let sinks = 0;

/** A step of the signature trie (state, creator, frames); its end is the records' slot. */
export interface SignatureNode extends Slot {
  next: Map<unknown, SignatureNode> | undefined;
  /** At a path's end: the frames array of the first record that ended here, handed to every later
   *  one (the path is made of these very Frames), so equal debug=1 records of the thread's dumps
   *  share one array, as a traceback's goroutines do (stack-trie.ts), and the analysis finds its
   *  per-stack work done by the array (analysis/stack-facts.ts). Never modified. */
  frames: Frame[] | null;
}
type Node = SignatureNode;

export const newSignatureRoot = (): SignatureNode => ({ next: undefined, plain: -1, other: null, epoch: 0, frames: null });

const NO_CREATOR = {};

type CreatedBy = NonNullable<Goroutine['createdBy']>;

export class Sink {
  private readonly records: Goroutine[] = [];
  /** Marks the slots that hold this sink's records (Slot.epoch). */
  private readonly epoch = ++sinks;
  /** One-by-one: creator frame → goroutine id → a shared, frozen createdBy. */
  private readonly creators = new Map<Frame, Map<number, CreatedBy>>();

  /** Steps this sink added to its signature trie. */
  made = 0;

  /**
   * @param merge records stand for all goroutines with one signature
   * @param exactWaits when merging, goroutines with different wait minutes stay apart
   * @param root the signature trie to walk: the sink's own, or one an earlier parse left
   *   (shared-stacks.ts: its slots are marked by epoch, so only this sink's records count)
   */
  constructor(
    readonly merge: boolean,
    readonly exactWaits = false,
    private readonly root: Node = newSignatureRoot(),
  ) {}

  /** Adds one goroutine (or debug=1 record); returns the index of the record it went to. */
  add(d: Draft): number {
    if (!this.merge) {
      this.records.push(toRecord(d, d.createdBy === null ? null : this.creator(d.createdBy, d.createdByGoroutine)));
      return this.records.length - 1;
    }
    let n = this.step(this.root, d.state);
    n = this.step(n, d.createdBy ?? NO_CREATOR);
    const frames = d.frames;
    for (let i = 0; i < frames.length; i++) n = this.step(n, frames[i]);
    d.frames = n.frames ??= frames;
    return this.addAt(n, d);
  }

  /** Adds `d` at the end of an already walked signature path (state, frames, creator). */
  addAt(slot: Slot, d: Draft): number {
    if (!this.merge) return this.add(d);
    if (slot.epoch !== this.epoch) {
      slot.epoch = this.epoch; // a slot of an earlier parse's: its records are not ours
      slot.plain = -1;
      slot.other = null;
    }
    let idx: number;
    const flags = (d.lockedToThread ? 1 : 0) | (d.leaked ? 2 : 0) | (d.framesElided ? 4 : 0);
    const wait = this.exactWaits ? d.waitMinutes : 0;
    if (flags === 0 && d.labels === null && wait === 0) {
      idx = slot.plain;
      if (idx < 0) return (slot.plain = this.push(d));
    } else {
      const key = d.labels === null ? flags + 8 * wait : `${flags}|${wait}|${labelsKey(d.labels)}`;
      slot.other ??= new Map();
      const found = slot.other.get(key);
      if (found === undefined) {
        const i = this.push(d);
        slot.other.set(key, i);
        return i;
      }
      idx = found;
    }
    const rec = this.records[idx];
    rec.count += d.count;
    if (d.waitMinutes > rec.waitMinutes) rec.waitMinutes = d.waitMinutes;
    if (rec.id !== null) rec.id = null; // stands for several goroutines now (their ids: withIds)
    if (rec.createdBy !== null && rec.createdBy.goroutineId !== d.createdByGoroutine) rec.createdBy.goroutineId = null;
    return idx;
  }

  private push(d: Draft): number {
    const cb = d.createdBy;
    this.records.push(toRecord(d, cb === null ? null : { func: cb.func, file: cb.file, line: cb.line, goroutineId: d.createdByGoroutine }));
    return this.records.length - 1;
  }

  private creator(frame: Frame, gid: number | null): CreatedBy {
    let byId = this.creators.get(frame);
    if (byId === undefined) {
      byId = new Map();
      this.creators.set(frame, byId);
    }
    const key = gid ?? -1;
    let cb = byId.get(key);
    if (cb === undefined) {
      cb = Object.freeze({ func: frame.func, file: frame.file, line: frame.line, goroutineId: gid }) as CreatedBy;
      byId.set(key, cb);
    }
    return cb;
  }

  /** Gives merged records the ids of the goroutines they stand for (`recordOf(i)`: the record of
   *  the i-th id, -1 for none), so dumps can be compared goroutine by goroutine. */
  withIds(ids: ArrayLike<number>, recordOf: (i: number) => number): void {
    if (!this.merge) return;
    for (let i = 0; i < ids.length; i++) {
      const r = recordOf(i);
      const rec = r >= 0 ? this.records[r] : undefined;
      if (rec !== undefined && rec.id === null) (rec.ids ??= []).push(ids[i]);
    }
  }

  /** Takes one goroutine back out of record `i` (a repeated id whose later trace is kept). */
  drop(i: number): void {
    this.records[i].count--;
  }

  private step(n: Node, key: unknown): Node {
    let next = n.next;
    if (next === undefined) {
      next = new Map();
      n.next = next;
    }
    let child = next.get(key);
    if (child === undefined) {
      child = { next: undefined, plain: -1, other: null, epoch: 0, frames: null };
      next.set(key, child);
      this.made++;
    }
    return child;
  }

  /** The records, without those emptied by drop. */
  finish(): Goroutine[] {
    return this.records.some((r) => r.count <= 0) ? this.records.filter((r) => r.count > 0) : this.records;
  }
}

function toRecord(d: Draft, createdBy: CreatedBy | null): Goroutine {
  return {
    id: d.count === 1 ? d.id : null,
    count: d.count,
    state: d.state,
    waitMinutes: d.waitMinutes,
    lockedToThread: d.lockedToThread,
    leaked: d.leaked,
    frames: d.frames,
    createdBy,
    labels: d.labels,
    framesElided: d.framesElided,
  };
}
