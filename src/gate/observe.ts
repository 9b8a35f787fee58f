// A run's report ─► what the gate observed per host (facts; decide.ts judges them).
import { diffGroups, type GroupLike } from '../diff/compare.js';
import type { HostReport, Report } from '../report/types.js';
import type { BaselineChange, HostObservation, Observation } from './types.js';

/** The baseline a canary host is compared with: the same host in the baseline run, else the baseline fleet's per-host mean. */
export interface Baseline {
  source: string;
  runId: string;
  hosts: Map<string, HostReport>;
  /** Mean count per group id over the baseline's collected hosts (hosts without the group count as 0). */
  mean: GroupLike[];
  hostsCollected: number;
}

export function makeBaseline(report: Report, source: string): Baseline {
  const ok = report.hosts.filter((h) => h.status === 'ok');
  const sums = new Map<string, GroupLike>();
  for (const h of ok) {
    for (const g of h.groups) {
      const had = sums.get(g.id);
      sums.set(g.id, had ? { ...had, count: had.count + g.count } : { id: g.id, count: g.count, location: g.location, function: g.function, class: g.class, state: g.state });
    }
  }
  const mean = [...sums.values()].map((g) => ({ ...g, count: Math.round(g.count / Math.max(1, ok.length)) }));
  return { source, runId: report.run.id, hosts: new Map(ok.map((h) => [h.host, h])), mean, hostsCollected: ok.length };
}

function compareWithBaseline(h: HostReport, b: Baseline): { changes: BaselineChange[]; from: 'host' | 'fleet-mean' } {
  const own = b.hosts.get(h.host);
  const d = diffGroups(own ? own.groups : b.mean, h.groups);
  const changes = [...d.new, ...d.grown]
    .map((c) => ({ id: c.id, location: c.location, function: c.function, class: c.class, before: c.before, after: c.after, delta: c.delta }))
    .sort((x, y) => y.delta - x.delta);
  return { changes, from: own ? 'host' : 'fleet-mean' };
}

export function observeHost(h: HostReport, baseline: Baseline | null): HostObservation {
  const ok = h.status === 'ok';
  const cmp = ok && baseline ? compareWithBaseline(h, baseline) : null;
  return {
    host: h.host,
    status: h.status,
    error: h.error,
    goroutines: h.goroutines,
    threads: h.threads,
    gcPauseP99Ms: h.memory?.gcPause?.p99Ms ?? null,
    verdict: h.verdict,
    leaking: h.groups
      .filter((g) => g.leaking || g.verdict === 'leaking')
      .map((g) => ({ id: g.id, location: g.location, function: g.function, class: g.class, count: g.count, growthPerMinute: g.growthPerMinute })),
    baseline: cmp ? cmp.changes : null,
    baselineFrom: cmp ? cmp.from : null,
  };
}

export function observe(index: number, report: Report, runDir: string, baseline: Baseline | null): Observation {
  return {
    index,
    startedAt: report.run.startedAt,
    finishedAt: report.run.finishedAt,
    runId: report.run.id,
    runDir,
    error: null,
    hosts: report.hosts.map((h) => observeHost(h, baseline)),
  };
}

/** A measurement that could not be taken. */
export function failedObservation(index: number, startedAt: string, error: string): Observation {
  return { index, startedAt, finishedAt: new Date().toISOString(), runId: null, runDir: null, error, hosts: [] };
}
