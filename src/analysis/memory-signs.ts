// Memory beside the goroutines (runtime.MemStats per sample). A goroutine leak shows up as
// goroutine stacks (StackInuse) and what the stuck goroutines hold (HeapInuse) growing with it;
// GC pauses climbing is the pressure that follows. Memory alone never names a line: rising
// memory only backs a group already leaking, and a long GC pause is a threshold finding.
import type { Sample } from './types.js';
import type { Evidence } from './verdict.js';
import { rising } from './growth.js';
import { bytes, plural } from './wording.js';

export interface MemorySigns {
  /** Host-level findings (GC pause threshold, memory growing with leaks). */
  host: Evidence[];
  /** Lines added to each leaking group's evidence. */
  withLeaks: Evidence[];
}

export function memorySigns(samples: readonly Sample[], leaking: boolean, gcPauseP99Ms: number): MemorySigns {
  const out: MemorySigns = { host: [], withLeaks: [] };
  const known = samples.filter((s) => s.memory);
  if (leaking && known.length >= 2) {
    for (const [field, what] of [['stackInuse', 'goroutine stacks (StackInuse)'], ['heapInuse', 'heap in use (HeapInuse)']] as const) {
      const values = known.map((s) => s.memory![field]).filter((v): v is number => v !== null);
      if (values.length !== known.length || !rising(values) || values.at(-1)! <= values[0]) continue;
      out.withLeaks.push({ strength: 'weak', text: `${what} grew ${bytes(values[0])} → ${bytes(values.at(-1)!)} over ${plural(values.length, 'sample')} with the leak` });
    }
    out.host.push(...out.withLeaks);
  }
  const pause = samples.at(-1)?.memory?.gcPause;
  if (pause && pause.p99Ms > gcPauseP99Ms) {
    out.host.push({ strength: 'weak', text: `GC pause p99 ${pause.p99Ms} ms over the last ${plural(pause.count, 'GC cycle')} (max ${pause.maxMs} ms), above ${gcPauseP99Ms} ms` });
  }
  return out;
}
