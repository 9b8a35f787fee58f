// What every dump parser hands to the analysis stage, whatever the input format.

export interface Frame {
  /** Fully qualified function, e.g. `main.(*Server).handle` or `net/http.(*persistConn).readLoop`. */
  func: string;
  /** Source file as printed (may be a Windows or Bazel path); '' when unknown. */
  file: string;
  /** Line number; 0 when unknown. */
  line: number;
}

export interface Goroutine {
  /** Goroutine id from a traceback header; null for aggregated records (debug=1, binary profile). */
  id: number | null;
  /** How many goroutines this record stands for: 1 for a traceback, N for a debug=1/pprof record. */
  count: number;
  /** Ids of the tracebacks a merged record stands for (set only when tracebacks were merged);
   *  ids are never reused by the runtime, so the same id in two dumps is the same goroutine. */
  ids?: number[];
  /** Wait reason as printed without minutes/flags (`chan receive`, `IO wait`, `semacquire`, `running`); '' when the format has none. */
  state: string;
  /** Minutes blocked from `[state, N minutes]`; 0 when absent. */
  waitMinutes: number;
  lockedToThread: boolean;
  /** `(leaked)` marker of Go's goroutineleak profile. */
  leaked: boolean;
  /** Innermost frame first. One array for the goroutines of one stack, across the dumps a thread
   *  parses (shared-stacks.ts, merge.ts): never modified. */
  frames: Frame[];
  createdBy: (Frame & { goroutineId: number | null }) | null;
  /** pprof labels, when printed. */
  labels: Record<string, string> | null;
  /** Frames were elided by the runtime. */
  framesElided: boolean;
}

export type ProfileFormat = 'debug1' | 'debug2' | 'pprof' | 'goroutineleak';

export interface ParseWarning {
  /** 1-based line in the input, 0 when not line-based (binary). */
  line: number;
  message: string;
  /** Input the warning is about (file name, URL, host) when the caller named one. */
  source?: string;
}

/** What the runtime printed about the whole process around its goroutines (messages.ts). */
export interface RuntimeMessage {
  /** deadlock: `fatal error: all goroutines are asleep - deadlock!`; test-timeout: `panic: test timed out after …`;
   *  running-tests / running-test: Go 1.21+'s list of the tests running at a timeout; fatal / panic: any
   *  other; signal: `SIGQUIT: quit` and the like. */
  kind: 'deadlock' | 'test-timeout' | 'running-tests' | 'running-test' | 'fatal' | 'panic' | 'signal';
  /** The line, trimmed (at most 300 characters). */
  text: string;
  /** 1-based line in the input. */
  line: number;
}

export interface Profile {
  format: ProfileFormat;
  /** Goroutines the input stands for: sum of record counts (debug=1/pprof) or distinct ids (tracebacks). */
  total: number;
  goroutines: Goroutine[];
  warnings: ParseWarning[];
  /** Profile timestamp when the format carries one (binary pprof time_nanos), ISO string. */
  takenAt: string | null;
  /** Runtime messages outside the goroutines (text dumps only; absent or empty when none). */
  messages?: RuntimeMessage[];
}

/** A clean, one-line failure: the input is not a goroutine dump at all (empty, binary noise, truncated gzip). */
export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileError';
  }
}
