// Where finished goroutines go: kept one by one (parseDump) or merged by signature (streaming),
// so a dump of a million goroutines parked at a few sites becomes a few records with counts.
//
// Signature = state, lockedToThread, leaked, framesElided, labels, createdBy (func/file/line)
// and frames. Frames are interned, so the signature is walked as a trie keyed by object
// identity; no key strings are built per goroutine.
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
  /** Merging: owned by the caller and reused, so copied when kept. Otherwise handed over. */
  frames: Frame[];
  createdBy: Frame | null;
  createdByGoroutine: number | null;
  labels: Labels | null;
  framesElided: boolean;
}

interface Node {
  next: Map<unknown, Node> | undefined;
  /** Index of the record with this signature, -1 when none yet. */
  idx: number;
}

const NO_CREATOR = {};

export class Sink {
  readonly records: Goroutine[] = [];
  private readonly root: Node = { next: undefined, idx: -1 };

  constructor(readonly merge: boolean) {}

  /** Adds one goroutine (or debug=1 record); returns the index of the record it went to. */
  add(d: Draft): number {
    if (!this.merge) {
      this.records.push(toRecord(d, false));
      return this.records.length - 1;
    }
    let n = step(this.root, d.state);
    n = step(n, (d.lockedToThread ? 1 : 0) | (d.leaked ? 2 : 0) | (d.framesElided ? 4 : 0));
    n = step(n, d.labels === null ? '' : labelsKey(d.labels));
    n = step(n, d.createdBy ?? NO_CREATOR);
    const frames = d.frames;
    for (let i = 0; i < frames.length; i++) n = step(n, frames[i]);
    if (n.idx < 0) {
      n.idx = this.records.length;
      this.records.push(toRecord(d, true));
      return n.idx;
    }
    const rec = this.records[n.idx];
    rec.count += d.count;
    if (d.waitMinutes > rec.waitMinutes) rec.waitMinutes = d.waitMinutes;
    if (rec.id !== null) rec.id = null; // stands for several goroutines now
    if (rec.createdBy !== null && rec.createdBy.goroutineId !== d.createdByGoroutine) rec.createdBy.goroutineId = null;
    return n.idx;
  }

  /** Takes one goroutine back out of record `i` (a repeated id whose later trace is kept). */
  drop(i: number): void {
    this.records[i].count--;
  }

  /** The records, without those emptied by drop. */
  finish(): Goroutine[] {
    return this.records.some((r) => r.count <= 0) ? this.records.filter((r) => r.count > 0) : this.records;
  }
}

function step(n: Node, key: unknown): Node {
  let next = n.next;
  if (next === undefined) {
    next = new Map();
    n.next = next;
  }
  let child = next.get(key);
  if (child === undefined) {
    child = { next: undefined, idx: -1 };
    next.set(key, child);
  }
  return child;
}

function toRecord(d: Draft, copyFrames: boolean): Goroutine {
  return {
    id: d.count === 1 ? d.id : null,
    count: d.count,
    state: d.state,
    waitMinutes: d.waitMinutes,
    lockedToThread: d.lockedToThread,
    leaked: d.leaked,
    frames: copyFrames ? d.frames.slice() : d.frames,
    createdBy:
      d.createdBy === null
        ? null
        : { func: d.createdBy.func, file: d.createdBy.file, line: d.createdBy.line, goroutineId: d.createdByGoroutine },
    labels: d.labels,
    framesElided: d.framesElided,
  };
}
