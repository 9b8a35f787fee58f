// Bounded memos for pure functions of strings the analysis calls once per frame of every group of
// every host: a fleet runs a few binaries, so the same few thousand function names come back
// host after host (aggregate of 1,000 hosts: ~0.3 s of regular expressions and slicing). Bounded
// so that a dump of all-distinct stacks cannot grow them without end: past `limit` entries the
// memo starts over.

export function boundedMemo<V>(fn: (key: string) => V, limit = 50_000): (key: string) => V {
  let memo = new Map<string, V>();
  return (key: string): V => {
    let v = memo.get(key);
    if (v === undefined && !memo.has(key)) {
      v = fn(key);
      if (memo.size >= limit) memo = new Map();
      memo.set(key, v);
    }
    return v as V;
  };
}

/**
 * A memo by object identity (a frames array: the parser hands one to every goroutine of a stack),
 * bounded like boundedMemo: a dump of all-distinct stacks (a new array per goroutine) would
 * otherwise hold an entry for each of its goroutines (~40 MB at 126,000) for nothing; past `limit`
 * entries set, it starts over. A fleet's binaries have a few thousand stacks.
 */
export class IdentityMemo<K extends object, V> {
  private map = new WeakMap<K, V>();
  private sets = 0;

  constructor(private readonly limit = 20_000) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  set(key: K, value: V): void {
    if (++this.sets > this.limit) {
      this.map = new WeakMap();
      this.sets = 1;
    }
    this.map.set(key, value);
  }
}
