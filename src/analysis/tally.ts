// Counts by key for one group in one sample. Almost every group has one class, one state and
// one wait age, and a dump of all-distinct stacks has one group per goroutine: three Maps per
// group were most of the analysis's memory there (issue 21). The first key is kept inline; a
// Map is made only for a second one. Iterates like a Map's entries, in insertion order.
export class Tally<K> {
  private k0: K | undefined = undefined;
  private n0 = 0;
  private has0 = false;
  private more: Map<K, number> | null = null;

  add(k: K, n: number): void {
    if (this.more !== null) this.more.set(k, (this.more.get(k) ?? 0) + n);
    else if (!this.has0) [this.k0, this.n0, this.has0] = [k, n, true];
    else if (this.k0 === k) this.n0 += n;
    else this.more = new Map<K, number>([[this.k0 as K, this.n0], [k, n]]);
  }

  *[Symbol.iterator](): IterableIterator<[K, number]> {
    if (this.more !== null) yield* this.more;
    else if (this.has0) yield [this.k0 as K, this.n0];
  }
}
