// A gate follows Argo Rollouts' analysis vocabulary: `count` measurements `interval` apart, each
// Successful, Failed, Inconclusive or Error; limits on each decide the outcome.
import type { GoroutineClass, Verdict } from '../analysis/types.js';
import type { HostStatus } from '../collect/host-outcome.js';

export type Phase = 'Successful' | 'Failed' | 'Inconclusive' | 'Error';

export interface GateCriteria {
  /** Measurements to take (Argo `count`). */
  count: number;
  /** Failed measurements tolerated (Argo `failureLimit`, default 0). */
  failureLimit: number;
  /** Inconclusive measurements tolerated (Argo `inconclusiveLimit`, default 0). */
  inconclusiveLimit: number;
  /** Errors in a row tolerated (Argo `consecutiveErrorLimit`, default 4). */
  consecutiveErrorLimit: number;
  /** Share of targeted hosts (0..1) that must be measured, else the measurement is Inconclusive. */
  minMeasured: number;
  /** A host above this many goroutines fails; null: no limit. */
  maxGoroutines: number | null;
  /** A host whose GC pause p99 is above this (ms) fails; null: no limit. */
  maxGcPauseP99Ms: number | null;
  /** A host whose goroutines grew by more than this share since its first measurement fails; null: not checked. */
  maxGrowth: number | null;
  /** With a baseline: a group that grew by more than this share over the baseline fails (new groups count from 0). */
  baselineMaxGrowth: number;
  /** Growth (across measurements or over the baseline) below this many goroutines never fails: noise. */
  minDelta: number;
}

export const DEFAULT_CRITERIA: GateCriteria = {
  count: 3, failureLimit: 0, inconclusiveLimit: 0, consecutiveErrorLimit: 4, minMeasured: 0.8,
  maxGoroutines: null, maxGcPauseP99Ms: null, maxGrowth: null, baselineMaxGrowth: 0.5, minDelta: 20,
};

/** A group as the gate names it in reasons. */
export interface SiteRef {
  id: string;
  location: string;
  function: string;
  class: GoroutineClass;
  count: number;
  growthPerMinute: number;
}

/** A group compared with the baseline run. */
export interface BaselineChange {
  id: string;
  location: string;
  function: string;
  class: GoroutineClass;
  before: number;
  after: number;
  delta: number;
}

/** What one measurement saw on one host: facts only, no judgement. */
export interface HostObservation {
  host: string;
  status: HostStatus;
  error: string | null;
  goroutines: number | null;
  threads: number | null;
  /** GC pause p99 (ms) at the last sample; null when the service serves no heap profile. */
  gcPauseP99Ms?: number | null;
  verdict: Verdict;
  leaking: SiteRef[];
  /** Groups that are new or larger than in the baseline; null without a baseline. */
  baseline: BaselineChange[] | null;
  /** What the host was compared with: its own baseline entry, or the baseline fleet's per-host mean. */
  baselineFrom: 'host' | 'fleet-mean' | null;
}

/** One measurement: one `run` over the gated hosts. */
export interface Observation {
  index: number;
  startedAt: string;
  finishedAt: string;
  runId: string | null;
  runDir: string | null;
  /** The measurement could not be taken at all (Ansible missing, inventory unreadable, …). */
  error: string | null;
  hosts: HostObservation[];
}

export interface HostResult {
  host: string;
  phase: Exclude<Phase, 'Error'>;
  goroutines: number | null;
  threads: number | null;
  verdict: Verdict;
  reasons: string[];
}

export interface MeasurementResult {
  index: number;
  phase: Phase;
  startedAt: string;
  finishedAt: string;
  runId: string | null;
  runDir: string | null;
  hostsTargeted: number;
  hostsMeasured: number;
  reasons: string[];
  hosts: HostResult[];
}

export interface Tally {
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  consecutiveErrors: number;
}

export interface GateOutcome {
  /** Running until enough measurements are in or a limit is crossed. */
  phase: Phase | 'Running';
  /** No more measurements are needed. */
  terminal: boolean;
  message: string;
  reasons: string[];
  tally: Tally;
  measurements: MeasurementResult[];
}
