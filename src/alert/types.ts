import type { GoroutineClass, Verdict } from '../analysis/types.js';

/** What raised an alert on a host: a stack group (by stable id), the host's own verdict, or a threshold. */
export type SiteKind = 'group' | 'host' | 'threshold';

export interface AlertEvent {
  status: 'firing' | 'resolved';
  /** Why it is sent now: first seen, changed (e.g. suspect → leaking), a reminder, or cleared. */
  reason: 'new' | 'changed' | 'reminder' | 'cleared';
  host: string;
  /** Group id, `host`, or the threshold's name (`goroutines`, `threads`). */
  site: string;
  kind: SiteKind;
  /** suspect | leaking for groups and hosts; `threshold` for limits. */
  severity: Verdict | 'threshold';
  title: string;
  details: string[];
  location: string | null;
  function: string | null;
  class: GoroutineClass | null;
  count: number | null;
  growthPerMinute: number | null;
  goroutines: number | null;
  /** When this host+site started firing; now, for a resolved alert, when it cleared. */
  since: string;
  at: string;
}

/** One remembered alert: sent once per host+site until its fingerprint changes or it clears. */
export interface AlertMemo {
  host: string;
  site: string;
  fingerprint: string;
  title: string;
  since: string;
  lastSent: string;
}

export interface AlertState {
  version: 1;
  alerts: Record<string, AlertMemo>;
}

export interface AlertRules {
  /** Lowest verdict that alerts (default suspect). */
  minVerdict: 'suspect' | 'leaking';
  maxGoroutines: number | null;
  maxThreads: number | null;
  /** Re-send a firing alert after this long; null: once until it changes. */
  remindMs: number | null;
}

/** Run context carried in every message. */
export interface AlertContext {
  runId: string;
  runDir: string;
  at: string;
  inventory: string;
}
