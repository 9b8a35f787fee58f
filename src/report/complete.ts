// A report.json the schema accepts may leave out what the schema does not require (an older
// fleet-diag, another tool, a hand-trimmed file): `report` and `diff` read it with the fields
// fleet-diag itself always writes filled in, so no renderer meets an undefined list.
import type { HostReport, Report, RunInfo, SampleReport } from './types.js';
import type { Group } from '../analysis/types.js';

type Loose<T> = Partial<T> & Record<string, unknown>;

export function completeReport(data: Report): Report {
  const hosts = (data.hosts ?? []).map((h) => completeHost(h as Loose<HostReport>));
  const ok = hosts.filter((h) => h.status === 'ok').length;
  const run = data.run as Loose<RunInfo>;
  return {
    ...data,
    run: {
      ...run,
      command: run.command ?? '',
      inventory: run.inventory ?? '',
      limit: run.limit ?? null,
      executor: run.executor ?? 'ansible',
      ansibleVersion: run.ansibleVersion ?? null,
      samples: run.samples ?? Math.max(1, ...hosts.map((h) => h.samples.length)),
      intervalSeconds: run.intervalSeconds ?? 0,
      timeoutSeconds: run.timeoutSeconds ?? 0,
      serial: run.serial ?? [],
      debug2Cap: run.debug2Cap ?? null,
      hostsTargeted: run.hostsTargeted ?? hosts.length,
      hostsOk: run.hostsOk ?? ok,
      hostsFailed: run.hostsFailed ?? hosts.length - ok,
      passes: run.passes ?? 1,
      notes: run.notes ?? [],
    } as RunInfo,
    hosts,
    suspects: (data.suspects ?? []).map((s) => ({ ...s, evidence: s.evidence ?? [], hosts: s.hosts ?? [] })),
  };
}

function completeHost(h: Loose<HostReport>): HostReport {
  return {
    ...h,
    pprofUrl: h.pprofUrl ?? '',
    samples: (h.samples ?? []).map((s) => completeSample(s as Loose<SampleReport>)),
    groups: (h.groups ?? []).map((g) => completeGroup(g as Loose<Group>)),
    evidence: h.evidence ?? [],
    warnings: h.warnings ?? [],
  } as HostReport;
}

function completeSample(s: Loose<SampleReport>): SampleReport {
  return { ...s, takenAt: s.takenAt ?? null, goroutines: s.goroutines ?? null, threads: s.threads ?? null, sockets: s.sockets ?? null, artifacts: s.artifacts ?? {}, notes: s.notes ?? [], errors: s.errors ?? [] } as SampleReport;
}

function completeGroup(g: Loose<Group>): Group {
  return {
    ...g,
    counts: g.counts ?? [g.count ?? 0],
    createdBy: g.createdBy ?? null,
    verdict: g.verdict ?? (g.leaking ? 'leaking' : 'healthy'),
    evidence: g.evidence ?? [],
    pattern: g.pattern ?? null,
    frames: g.frames ?? [],
  } as Group;
}
