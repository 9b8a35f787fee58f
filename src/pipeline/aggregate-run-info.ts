// The `run` part of an aggregated report: what the slices' results say of how they were collected
// (samples, interval, timeout, cap, limit; when), so the report reads like one `run` made.
import type { StoredResult } from '../collect/stored-result.js';
import type { SchedulerJob } from '../audit/who.js';
import type { RunPart } from '../report/assemble.js';
import type { HostReport } from '../report/types.js';

export interface ReadHost {
  file: string;
  /** The stored result without its output (dropped once the host is analyzed). */
  stored: StoredResult;
  report: HostReport;
}

const distinct = <T>(xs: (T | null | undefined)[]): T[] => [...new Set(xs.filter((x): x is T => x !== null && x !== undefined))];

export function aggregateRunInfo(hosts: ReadHost[], o: { id: string; command: string; dirs: string[]; jobs: SchedulerJob[]; notes: string[] }): RunPart {
  const settings = hosts.map((h) => h.stored.settings);
  const one = <K extends 'samples' | 'interval_s' | 'timeout_s' | 'cap' | 'full'>(k: K): number | null => {
    const values = distinct(settings.map((s) => s?.[k]));
    if (values.length > 1) o.notes.push(`slices ran with different ${k.replace('_s', '')} settings (${values.join(', ')}); the first is shown`);
    return values[0] ?? null;
  };
  const samples = one('samples') ?? Math.max(1, ...hosts.map((h) => h.report.samples.length));
  const interval = one('interval_s') ?? 0;
  const timeout = one('timeout_s') ?? 0;
  const cap = one('cap');
  const full = one('full') === 1;
  // When collection began: the earliest sample's moment (the nodes' clocks), else the earliest store.
  const moments = hosts.flatMap((h) => h.report.samples.map((s) => s.takenAt)).filter((t): t is string => t !== null);
  const stores = distinct(hosts.map((h) => h.stored.storedAt));
  const startedAt = [...moments, ...stores].map((t) => Date.parse(t)).filter(Number.isFinite).sort((a, b) => a - b)[0];
  const notes = [`aggregated from ${hosts.length} result(s) in ${o.dirs.join(', ')}`];
  for (const j of o.jobs) notes.push(`collected by ${j.scheduler === 'awx' ? 'AWX job' : 'Semaphore task'} ${j.job ?? '?'}${j.user ? ` (${j.user})` : ''}`);
  if (!full && cap !== null) notes.push(`debug=2 stacks are taken on the last sample only, and only up to ${cap} goroutines (fd_full=1 lifts the cap)`);
  notes.push(...o.notes);
  return {
    id: o.id,
    startedAt: new Date(startedAt ?? Date.now()).toISOString(),
    command: o.command,
    inventory: o.dirs.join(','),
    limit: distinct(hosts.map((h) => h.stored.limit)).join(',') || null,
    executor: 'ansible',
    ansibleVersion: null,
    samples,
    intervalSeconds: interval,
    timeoutSeconds: timeout,
    serial: [],
    debug2Cap: full ? null : cap,
    passes: 1,
    notes,
  };
}
