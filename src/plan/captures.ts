// On-demand profiles (`run --capture heap,allocs,cpu=10s,trace=5s,goroutineleak`): what to fetch
// from each host once its samples are taken. CPU profiles and traces run for their duration and
// cost the service while they do, so they are never the default and always bounded.
import { parseDuration } from '../core/duration.js';
import { UserError } from '../core/exit-codes.js';

/** Snapshot profiles (fetched at once) and timed ones (they record for `seconds`). */
const SNAPSHOT = ['heap', 'allocs', 'block', 'mutex', 'threadcreate', 'goroutineleak'] as const;
const TIMED = ['cpu', 'trace'] as const;

export type CaptureKind = (typeof SNAPSHOT)[number] | (typeof TIMED)[number];

export interface Capture {
  kind: CaptureKind;
  /** How long a timed capture records (whole seconds); 0 for a snapshot. */
  seconds: number;
}

/** Longest a CPU profile or trace may record: they slow the service while they run. */
export const MAX_CAPTURE_SECONDS = 60;
const DEFAULT_SECONDS = { cpu: 10, trace: 5 } as const;

/** Parses `heap,allocs,cpu=10s,trace=5s,goroutineleak`; one clear line for anything else. */
export function parseCaptures(text: string | undefined, flag = '--capture'): Capture[] {
  if (text === undefined || text.trim() === '') return [];
  const out: Capture[] = [];
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, value] = item.split('=', 2) as [string, string | undefined];
    if ((SNAPSHOT as readonly string[]).includes(name)) {
      if (value !== undefined) throw new UserError(`${flag}: '${item}': ${name} is a snapshot and takes no duration`);
      pushOnce(out, { kind: name as CaptureKind, seconds: 0 }, flag);
    } else if ((TIMED as readonly string[]).includes(name)) {
      const kind = name as (typeof TIMED)[number];
      const seconds = value === undefined ? DEFAULT_SECONDS[kind] : Math.round(parseDuration(value, `${flag} ${name}`) / 1000);
      if (seconds < 1 || seconds > MAX_CAPTURE_SECONDS) throw new UserError(`${flag}: '${item}': ${name} must record between 1s and ${MAX_CAPTURE_SECONDS}s`);
      pushOnce(out, { kind, seconds }, flag);
    } else {
      throw new UserError(`${flag}: '${name}' is not a profile to capture (use ${[...SNAPSHOT, ...TIMED.map((t) => `${t}=DUR`)].join(', ')})`);
    }
  }
  return out;
}

function pushOnce(out: Capture[], c: Capture, flag: string): void {
  if (out.some((x) => x.kind === c.kind)) throw new UserError(`${flag}: ${c.kind} is given twice`);
  out.push(c);
}

/** How the collector gets them: `heap,cpu=10` (kinds and seconds only: safe on a command line). */
export function capturesArg(captures: readonly Capture[]): string {
  return captures.map((c) => (c.seconds > 0 ? `${c.kind}=${c.seconds}` : c.kind)).join(',');
}

/** The file a capture is kept in, under the host's directory: what `go tool pprof`/`go tool trace` open. */
export function captureFileName(kind: string): string {
  return kind === 'trace' ? 'capture-trace.out' : `capture-${kind}.pb.gz`;
}
