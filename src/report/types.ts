import type { FoldedGroups, Group, Suspect, Verdict } from '../analysis/types.js';
import type { FleetLookHere, LookHere } from '../analysis/suspects/index.js';
import type { HostStatus } from '../collect/host-outcome.js';
import type { MemStats } from '../profile/memstats.js';

export type RunStatus = 'ok' | 'partial' | 'failed' | 'interrupted';

export interface SampleReport {
  index: number;
  takenAt: string | null;
  goroutines: number | null;
  threads: number | null;
  sockets: Record<string, number> | null;
  /** runtime.MemStats at this sample; null where the heap profile is not served (absent in older reports). */
  memory?: MemStats | null;
  artifacts: Record<string, string>;
  notes: string[];
  errors: string[];
}

export interface HostReport {
  host: string;
  status: HostStatus;
  error: string | null;
  attempts: number;
  pprofUrl: string;
  goroutines: number | null;
  threads: number | null;
  sockets: Record<string, number> | null;
  /** The last sample's MemStats (absent in older reports). */
  memory?: MemStats | null;
  /** On-demand profiles (run --capture) by kind: files relative to the run directory. */
  captures?: Record<string, string>;
  samples: SampleReport[];
  verdict: Verdict;
  groups: Group[];
  /** Groups past --max-groups, folded by site (issue 21; absent when groups[] lists every group). */
  folded?: FoldedGroups;
  evidence: string[];
  warnings: string[];
  /** Where to look first on this host: its sites ranked by what they wait on × how long × how many (issue 18). */
  lookHere?: LookHere[];
}

export interface RunInfo {
  id: string;
  startedAt: string;
  finishedAt: string;
  status: RunStatus;
  command: string;
  inventory: string;
  limit: string | null;
  executor: 'ansible' | 'ssh';
  ansibleVersion: string | null;
  samples: number;
  intervalSeconds: number;
  timeoutSeconds: number;
  serial: (number | string)[];
  debug2Cap: number | null;
  hostsTargeted: number;
  hostsOk: number;
  hostsFailed: number;
  passes: number;
  notes: string[];
}

export interface Report {
  schemaVersion: 1;
  run: RunInfo;
  hosts: HostReport[];
  suspects: Suspect[];
  /** Where to look first across the fleet: each host's lookHere, the same site once (issue 18). */
  lookHere?: FleetLookHere[];
}
