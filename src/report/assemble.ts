import type { CollectedHost } from '../collect/host-outcome.js';
import type { AnalysisOptions } from '../analysis/types.js';
import type { HostPast } from '../analysis/index.js';
import { rankSuspects } from '../analysis/index.js';
import { rankFleetLookHere } from '../analysis/suspects/index.js';
import { buildHostReport } from './build-host.js';
import { validateReport } from './validate.js';
import { hostsIn, withoutUnfitData } from './unfit-host.js';
import type { HostReport, Report, RunInfo, RunStatus } from './types.js';

export interface HostEntry {
  outcome: CollectedHost;
  pprofUrl: string;
}

export type RunPart = Omit<RunInfo, 'status' | 'hostsOk' | 'hostsFailed' | 'hostsTargeted' | 'finishedAt'>;

/**
 * Host outcomes ─► per-host analysis ─► fleet suspects ─► a report that matches the schema (writes
 * nothing). A host whose data still does not fit the schema loses its analysis (unfit-host.ts);
 * the report of the other hosts is written all the same.
 */
export async function assembleReport(
  entries: HostEntry[],
  run: RunPart,
  opts: { interrupted: boolean; analysis?: AnalysisOptions; past?: ReadonlyMap<string, HostPast> },
): Promise<Report> {
  const hosts: HostReport[] = [];
  for (const e of entries) hosts.push(buildHostReport(e.outcome, e.pprofUrl, opts.analysis ?? {}, opts.past?.get(e.outcome.host)));
  return assembleFromHosts(hosts, run, opts.interrupted);
}

/**
 * Host reports already built (aggregate builds each as it reads it, so no host's raw output
 * outlives its turn) ─► fleet suspects ─► a report that matches the schema.
 */
export async function assembleFromHosts(hosts: HostReport[], run: RunPart, interrupted: boolean): Promise<Report> {
  let report = reportOf(hosts, run, interrupted);
  let problems = await validateReport(report);
  const unfit = hostsIn(problems);
  if (unfit.size > 0) {
    report = reportOf(hosts.map((h, i) => (unfit.has(i) ? withoutUnfitData(h, unfit.get(i)!) : h)), run, interrupted);
    problems = await validateReport(report);
  }
  if (problems.length > 0) throw new Error(`report.json does not match its schema: ${problems.slice(0, 3).join('; ')}`);
  return report;
}

function reportOf(hosts: HostReport[], run: RunPart, interrupted: boolean): Report {
  const suspects = rankSuspects(
    hosts.filter((h) => h.groups.length > 0).map((h) => ({ host: h.host, analysis: { goroutines: h.goroutines ?? 0, verdict: h.verdict, groups: h.groups, evidence: h.evidence } })),
  );
  const hostsOk = hosts.filter((h) => h.status === 'ok').length;
  return {
    schemaVersion: 1,
    run: { ...run, finishedAt: new Date().toISOString(), status: runStatus(hostsOk, hosts.length, interrupted), hostsTargeted: hosts.length, hostsOk, hostsFailed: hosts.length - hostsOk },
    hosts,
    suspects,
    lookHere: rankFleetLookHere(hosts.filter((h) => h.status === 'ok' && h.lookHere).map((h) => ({ host: h.host, lookHere: h.lookHere! }))),
  };
}

export function runStatus(hostsOk: number, targeted: number, interrupted: boolean): RunStatus {
  if (interrupted) return 'interrupted';
  if (hostsOk === targeted) return 'ok';
  return hostsOk === 0 ? 'failed' : 'partial';
}
