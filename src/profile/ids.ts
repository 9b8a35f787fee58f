// Goroutine ids seen in traceback headers, with the record each one went to (12 bytes per
// goroutine): counted distinct at the end, and repeated ids resolved to their last trace.

/** Shared by lists with no id yet (a debug=1 profile has none): making two typed arrays per parse was
 *  ~13 ms of an aggregate's 3,000 parses. */
const NO_IDS = new Float64Array(0);
const NO_RECS = new Int32Array(0);

export class IdList {
  private ids = NO_IDS; // 64 at the first id, then doubling: most dumps of a fleet are small, and a parse is made per sample
  private recs = NO_RECS;
  private n = 0;
  /** Every id so far larger than the one before: all distinct, no sort needed. */
  private increasing = true;

  get size(): number {
    return this.n;
  }

  /** Adds an id (record not known yet); returns its position for setRecord. */
  push(id: number): number {
    if (this.n === this.ids.length) this.grow(this.n + 1);
    if (this.n > 0 && !(id > this.ids[this.n - 1])) this.increasing = false;
    this.ids[this.n] = id;
    this.recs[this.n] = -1;
    return this.n++;
  }

  /** Adds ids in order (`increasing`: each larger than the one before it); returns the first one's position. */
  pushAll(ids: Float64Array, increasing: boolean): number {
    const at = this.n;
    const k = ids.length;
    if (k === 0) return at;
    if (at + k > this.ids.length) this.grow(at + k);
    if (!increasing || (at > 0 && !(ids[0] > this.ids[at - 1]))) this.increasing = false;
    this.ids.set(ids, at);
    this.recs.fill(-1, at, at + k);
    this.n += k;
    return at;
  }

  /** Ids so far, in the order seen, and the record of each (-1: none). */
  entries(): { ids: Float64Array; records: Int32Array } {
    return { ids: this.ids.subarray(0, this.n), records: this.recs.subarray(0, this.n) };
  }

  setRecord(pos: number, rec: number): void {
    this.recs[pos] = rec;
  }

  /** The records of the ids from position pos on. */
  setRecords(pos: number, recs: Int32Array): void {
    this.recs.set(recs, pos);
  }

  private grow(atLeast: number): void {
    let size = Math.max(64, this.ids.length * 2);
    while (size < atLeast) size *= 2;
    const ids = new Float64Array(size);
    ids.set(this.ids.subarray(0, this.n));
    this.ids = ids;
    const recs = new Int32Array(size);
    recs.set(this.recs.subarray(0, this.n));
    this.recs = recs;
  }

  /** Distinct ids, and the ids seen more than once (all of them, usually none). */
  distinct(): { count: number; repeated: number[] } {
    if (this.increasing) return { count: this.n, repeated: [] };
    let max = 0;
    for (let i = 0; i < this.n; i++) if (this.ids[i] > max) max = this.ids[i];
    if (max < 1 << 25) return this.distinctByBitmap(max);
    return this.distinctBySort();
  }

  private distinctBySort(): { count: number; repeated: number[] } {
    const v = this.ids.slice(0, this.n).sort();
    let count = 0;
    const repeated: number[] = [];
    for (let i = 0; i < v.length; i++) {
      if (i === 0 || v[i] !== v[i - 1]) count++;
      else if (repeated[repeated.length - 1] !== v[i]) repeated.push(v[i]);
    }
    return { count, repeated };
  }

  /** Ids up to 32M: one bit each (at most 4 MB), one pass, no sort. */
  private distinctByBitmap(max: number): { count: number; repeated: number[] } {
    const bits = new Uint8Array((max >>> 3) + 1);
    const twice = new Uint8Array(bits.length);
    let count = 0;
    const repeated: number[] = [];
    for (let i = 0; i < this.n; i++) {
      const id = this.ids[i];
      if (!Number.isInteger(id) || id < 0) return this.distinctBySort();
      const byte = id >>> 3;
      const bit = 1 << (id & 7);
      if ((bits[byte] & bit) === 0) {
        bits[byte] |= bit;
        count++;
      } else if ((twice[byte] & bit) === 0) {
        twice[byte] |= bit;
        repeated.push(id);
      }
    }
    repeated.sort((a, b) => a - b);
    return { count, repeated };
  }

  /** How many times each of `wanted` was seen (one pass). */
  occurrences(wanted: Iterable<number>): Map<number, number> {
    const counts = new Map<number, number>();
    for (const id of wanted) counts.set(id, 0);
    for (let i = 0; i < this.n; i++) {
      const k = counts.get(this.ids[i]);
      if (k !== undefined) counts.set(this.ids[i], k + 1);
    }
    return counts;
  }

  /**
   * For ids in `repeated`: the records of every occurrence but the last one that has a record
   * (the later trace is the more complete or the more recent one). One pass.
   */
  superseded(repeated: number[]): number[] {
    if (repeated.length === 0) return [];
    const dup = new Set(repeated);
    const last = new Map<number, number>();
    for (let i = 0; i < this.n; i++) if (this.recs[i] >= 0 && dup.has(this.ids[i])) last.set(this.ids[i], i);
    const out: number[] = [];
    for (let i = 0; i < this.n; i++) {
      if (this.recs[i] >= 0 && dup.has(this.ids[i]) && last.get(this.ids[i]) !== i) out.push(this.recs[i]);
    }
    return out;
  }
}
