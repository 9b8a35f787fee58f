// Goroutine ids seen in traceback headers, with the record each one went to (12 bytes per
// goroutine): counted distinct at the end, and repeated ids resolved to their last trace.

export class IdList {
  private ids = new Float64Array(1024);
  private recs = new Int32Array(1024);
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** Adds an id (record not known yet); returns its position for setRecord. */
  push(id: number): number {
    if (this.n === this.ids.length) {
      const ids = new Float64Array(this.n * 2);
      ids.set(this.ids);
      this.ids = ids;
      const recs = new Int32Array(this.n * 2);
      recs.set(this.recs);
      this.recs = recs;
    }
    this.ids[this.n] = id;
    this.recs[this.n] = -1;
    return this.n++;
  }

  setRecord(pos: number, rec: number): void {
    this.recs[pos] = rec;
  }

  /** Distinct ids, and the ids seen more than once (all of them, usually none). */
  distinct(): { count: number; repeated: number[] } {
    const v = this.ids.slice(0, this.n).sort();
    let count = 0;
    const repeated: number[] = [];
    for (let i = 0; i < v.length; i++) {
      if (i === 0 || v[i] !== v[i - 1]) count++;
      else if (repeated[repeated.length - 1] !== v[i]) repeated.push(v[i]);
    }
    return { count, repeated };
  }

  /** How many times `id` was seen (a linear scan: for the rare repeated ids only). */
  occurrences(id: number): number {
    let k = 0;
    for (let i = 0; i < this.n; i++) if (this.ids[i] === id) k++;
    return k;
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
