import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/exit-codes.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { hostReportOf, readHostSamples } from '../report/build-host.js';
import { assembleFromHosts } from '../report/assemble.js';
import { jobStats } from '../report/job-stats.js';
import { warmReportValidator } from '../report/validate.js';
import type { HostReport, Report } from '../report/types.js';
import type { AnalysisOptions, Verdict } from '../analysis/types.js';
import { appendAudit } from '../audit/log.js';
import { schedulerJobFromStored, whoFields, whoRan, type SchedulerJob } from '../audit/who.js';
import { writeReport } from './write-report.js';
import { makeRunDir } from './run-dir.js';
import { aggregateRunInfo, type ReadHost } from './aggregate-run-info.js';
import { readStoredResult } from './aggregate-host.js';
import { readHosts, type ReadMode } from './aggregate-read.js';
import { isResultEntry } from './reader-thread.js';

export interface AggregateOptions {
  /** Audit log for a start and an end record (the scheduler jobs that collected included); none when absent. */
  auditLog?: string;
  /** Also write the compact set_stats summary (report/job-stats.ts) to this file. */
  statsFile?: string;
  analysis?: AnalysisOptions;
  /** Where stored results are read (aggregate-read.ts): a thread of their own, here, or as their number suits. */
  read?: ReadMode;
}

/**
 * `aggregate DIR...`: what playbooks/collect.yml left (AWX job slices, Semaphore) ─► the same report
 * as `run`. Each stored result is judged like a collector result of `run`, its artifacts stored and
 * its host analyzed as it is read, so memory holds one host's raw output at a time (a thousand
 * hosts of several MB each never sit in memory together).
 */
export async function aggregateDirs(dirs: string[], out: string | undefined, command: string, o: AggregateOptions = {}): Promise<{ report: Report; runDir: string }> {
  const files = await resultFiles(dirs);
  if (files.length === 0) throw new UserError(`aggregate: no <host>.json results in ${dirs.join(', ')}`);
  setTimeout(() => void warmReportValidator().catch(() => {}), 0).unref();
  const { id, dir } = await makeRunDir(out);
  const notes: string[] = [];
  const chosen = newestPerName(files, notes);
  // Hosts are read, decoded and stored on a thread of their own (aggregate-read.ts), parsed and
  // analyzed here as they come: only each host's report stays, its raw output goes once analyzed.
  const done: ReadHost[] = [];
  await readHosts(chosen, dir, ({ file, stored, outcome }) => done.push({ file, stored, report: hostReportOf(outcome, readHostSamples(outcome), '', o.analysis ?? {}) }), o.read);
  const hosts = new Map<string, ReadHost>();
  for (const h of done) {
    const earlier = hosts.get(h.stored.host);
    if (earlier) notes.push(`${h.stored.host}: results in ${earlier.file} and ${h.file}; the later file is used`);
    hosts.set(h.stored.host, h);
  }
  const read = [...hosts.values()];
  const jobs = distinctJobs(read.map((h) => schedulerJobFromStored(h.stored.job)));
  const who = whoRan();
  const audit = o.auditLog;
  const names = read.map((h) => h.stored.host);
  if (audit) {
    const first = jobs[0];
    const by = who.job || !first ? whoFields(who) : whoFields({ ...who, job: first.job, scheduler: first.scheduler, jobUser: first.user, details: first.details });
    await appendAudit(audit, { type: 'start', runId: id, kind: 'aggregate', ...by, jobs, command, inventory: dirs.join(','), limit: null, hostsTargeted: names.length, hosts: names, runDir: dir });
  }
  let ended = false;
  try {
    const run = aggregateRunInfo(read, { id, command, dirs, jobs, notes });
    const report = await assembleFromHosts(read.map((h): HostReport => h.report), run, false);
    const reportFile = await writeReport(dir, report);
    if (o.statsFile) await writeFileAtomic(path.resolve(o.statsFile), `${JSON.stringify(jobStats(report, dir))}\n`);
    if (audit) {
      const verdicts: Record<Verdict, number> = { healthy: 0, suspect: 0, leaking: 0, unknown: 0 };
      for (const h of report.hosts) verdicts[h.verdict]++;
      ended = true;
      await appendAudit(audit, {
        type: 'end', runId: id, outcome: report.run.status, hostsTargeted: report.run.hostsTargeted, hostsOk: report.run.hostsOk, hostsFailed: report.run.hostsFailed,
        failedHosts: report.hosts.filter((h) => h.status !== 'ok').map((h) => ({ host: h.host, status: h.status })), verdicts, report: reportFile,
      });
    }
    return { report, runDir: dir };
  } catch (err) {
    if (audit && !ended) await appendAudit(audit, { type: 'end', runId: id, outcome: 'failed', error: (err as Error)?.message ?? String(err) }).catch(() => {});
    throw err;
  }
}

/**
 * Slices re-run into other directories can hold the same host twice (same file name): the newest
 * result (its storedAt) is kept, so a host is never analyzed twice.
 */
function newestPerName(files: string[], notes: string[]): string[] {
  const byName = new Map<string, string[]>();
  for (const f of files) byName.set(path.basename(f), [...(byName.get(path.basename(f)) ?? []), f]);
  const out: string[] = [];
  for (const same of byName.values()) {
    if (same.length === 1) {
      out.push(same[0]);
      continue;
    }
    const dated = same.map((f) => ({ f, at: readStoredResult(f).storedAt ?? '' }));
    const newest = dated.reduce((a, b) => (b.at >= a.at ? b : a));
    notes.push(`${path.basename(newest.f)}: ${same.length} results (${same.join(', ')}); the newest, ${newest.f}, is used`);
    out.push(newest.f);
  }
  return out;
}

/** Every `<name>.json` of each directory, in name order (a directory that cannot be read is an input error). */
async function resultFiles(dirs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await fs.readdir(dir, { withFileTypes: true })).filter(isResultEntry).map((d) => d.name).sort();
    } catch {
      throw new UserError(`aggregate: cannot read directory ${dir}`);
    }
    files.push(...names.map((n) => path.join(dir, n)));
  }
  return files;
}

function distinctJobs(jobs: (SchedulerJob | null)[]): SchedulerJob[] {
  const seen = new Map<string, SchedulerJob>();
  for (const j of jobs) if (j) seen.set(`${j.scheduler}:${j.job}:${j.user}`, j);
  return [...seen.values()];
}
