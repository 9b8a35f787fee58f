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
