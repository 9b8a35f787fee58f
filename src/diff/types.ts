import type { GoroutineClass, Verdict } from '../analysis/types.js';
import type { HostStatus } from '../collect/host-outcome.js';
import type { RunStatus } from '../report/types.js';

/** What happened to one stack group (by its stable id) between run A and run B. */
export type ChangeKind = 'new' | 'grown' | 'shrunk' | 'gone';

export interface GroupChange {
  id: string;
  kind: ChangeKind;
  location: string;
  function: string;
  class: GoroutineClass;
  state: string;
  /** Goroutines in the group in A and in B (0 where absent). */
  before: number;
  after: number;
  delta: number;
  /** after / before; null for a new group (before is 0). */
  ratio: number | null;
  verdictBefore: Verdict | null;
  verdictAfter: Verdict | null;
  /** Fleet-wide only: hosts that carry the group in A or B. */
  hosts?: string[];
}

/** The four kinds, each sorted by size of the change (largest first), plus the groups that did not move. */
export interface GroupChanges {
  new: GroupChange[];
  grown: GroupChange[];
  shrunk: GroupChange[];
  gone: GroupChange[];
  unchanged: number;
}

export interface Delta {
  before: number | null;
  after: number | null;
  /** after − before, null when either side is unknown. */
  delta: number | null;
}

export interface HostDiff {
  host: string;
  /** In both reports, only in B (added) or only in A (lost). */
  presence: 'both' | 'added' | 'lost';
  /** Groups are compared only when both runs collected the host. */
  compared: boolean;
  /** Why the groups were not compared, or null. */
  note: string | null;
  status: { before: HostStatus | null; after: HostStatus | null };
  verdict: { before: Verdict | null; after: Verdict | null };
  goroutines: Delta;
  threads: Delta;
  /** Per socket state (netstat names), every state seen in either run. */
  sockets: Record<string, Delta>;
  groups: GroupChanges;
}

export interface RunRef {
  id: string;
  startedAt: string;
  status: RunStatus;
  /** Where the report was read from. */
  source: string;
  hosts: number;
}

export interface RunDiff {
  a: RunRef;
  b: RunRef;
  hostsAdded: string[];
  hostsLost: string[];
  /** In both runs but not collected in at least one of them. */
  hostsNotCompared: { host: string; reason: string }[];
  hosts: HostDiff[];
  /** Summed per group id over the hosts compared (collected in both runs), so added or lost hosts do not read as new or gone groups. */
  fleet: {
    hosts: string[];
    goroutines: Delta;
    groups: GroupChanges;
  };
}
