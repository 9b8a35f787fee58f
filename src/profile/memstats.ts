// runtime.MemStats as the heap profile prints it: `/debug/pprof/heap?debug=1` ends with a
// trailer of `# Name = value` lines (`# runtime.MemStats` first). The node-side collector sends
// that trailer only; `analyze`-style readers may pass a whole heap profile. Forgiving: what is
// missing or not a number is null, never 0 (0 would read as "nothing in use").

export interface GcPauses {
  /** Pauses the figures below are taken over (the runtime keeps the last 256). */
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface MemStats {
  /** Bytes in in-use heap spans. */
  heapInuse: number | null;
  /** Allocated heap objects. */
  heapObjects: number | null;
  /** Bytes in stack spans: goroutine stacks (grows with goroutines that never end). */
  stackInuse: number | null;
  /** Bytes obtained from the OS. */
  sys: number | null;
  /** Completed GC cycles. */
  numGC: number | null;
  /** Stop-the-world pauses of recent GC cycles; null before the first GC or when not printed. */
  gcPause: GcPauses | null;
}

// `# Stack = StackInuse / StackSys` is how the heap profile prints the stacks (runtime/pprof).
const FIELDS = { HeapInuse: 'heapInuse', HeapObjects: 'heapObjects', Stack: 'stackInuse', StackInuse: 'stackInuse', Sys: 'sys', NumGC: 'numGC' } as const;
/** Size of the runtime's circular buffer of recent pauses (MemStats.PauseNs). */
const PAUSE_RING = 256;

/** The MemStats of a heap profile's trailer, or null when the text has none. */
export function parseMemStats(text: string): MemStats | null {
  const start = text.indexOf('# runtime.MemStats');
  if (start < 0) return null;
  const out: MemStats = { heapInuse: null, heapObjects: null, stackInuse: null, sys: null, numGC: null, gcPause: null };
  let pauses: number[] | null = null;
  for (const line of text.slice(start).split('\n')) {
    const m = /^# (\w+) = (.*)$/.exec(line.trimEnd());
    if (!m) continue;
    const [, name, value] = m;
    if (name in FIELDS) out[FIELDS[name as keyof typeof FIELDS]] = whole(value.split(' / ')[0]);
    else if (name === 'PauseNs') pauses = value.replace(/[[\]]/g, ' ').trim().split(/\s+/).map(whole).filter((v): v is number => v !== null);
  }
  if (pauses && out.numGC !== null && out.numGC > 0) out.gcPause = pauseQuantiles(pauses.slice(0, Math.min(out.numGC, PAUSE_RING)));
  return out;
}

function whole(s: string): number | null {
  return /^\d{1,15}$/.test(s.trim()) ? Number(s.trim()) : null;
}

/** Nearest-rank quantiles of the valid entries of the pause ring, in milliseconds. */
function pauseQuantiles(ns: number[]): GcPauses | null {
  if (ns.length === 0) return null;
  const sorted = [...ns].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  const ms = (v: number) => Math.round(v / 1e3) / 1e3;
  return { count: sorted.length, p50Ms: ms(at(0.5)), p99Ms: ms(at(0.99)), maxMs: ms(sorted[sorted.length - 1]) };
}
