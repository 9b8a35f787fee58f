// The compact summary playbooks/collect.yml publishes with set_stats (AWX workflow nodes and
// ansible-runner's playbook_on_stats event receive it): per host its status, verdict and
// goroutines, and the fleet's top suspects. Small on purpose: AWX keeps artifacts in its database.
import type { Verdict } from '../analysis/types.js';
import type { HostStatus } from '../collect/host-outcome.js';
import type { Report, RunStatus } from './types.js';

export interface JobStats {
  /** 'fleet-diag' when the analysis ran; the playbook's own fallback says 'raw'. */
  source: 'fleet-diag';
  status: RunStatus;
  hostsTargeted: number;
  hostsOk: number;
  hostsFailed: number;
  verdicts: Record<Verdict, number>;
  hosts: Record<string, { status: HostStatus; verdict: Verdict; goroutines: number | null }>;
  suspects: { location: string; function: string; class: string; hosts: number; goroutines: number; leaking: boolean }[];
  /** The run directory holding report.json. */
  report: string;
}

/** Suspects listed: the rest are in report.json. */
const TOP_SUSPECTS = 10;

export function jobStats(r: Report, runDir: string): JobStats {
  const verdicts: Record<Verdict, number> = { healthy: 0, suspect: 0, leaking: 0, unknown: 0 };
  const hosts: JobStats['hosts'] = {};
  for (const h of r.hosts) {
    verdicts[h.verdict]++;
    hosts[h.host] = { status: h.status, verdict: h.verdict, goroutines: h.goroutines };
  }
  return {
    source: 'fleet-diag',
    status: r.run.status,
    hostsTargeted: r.run.hostsTargeted,
    hostsOk: r.run.hostsOk,
    hostsFailed: r.run.hostsFailed,
    verdicts,
    hosts,
    suspects: r.suspects.slice(0, TOP_SUSPECTS).map((s) => ({
      location: s.location, function: s.function, class: s.class, hosts: s.hostCount, goroutines: s.goroutines, leaking: s.verdict === 'leaking',
    })),
    report: runDir,
  };
}
