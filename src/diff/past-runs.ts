// Earlier runs for `run` and `watch` to judge their sites on: the report.json files under the
// same runs root (the run directory's parent, so `runs/` by default and a watch's snapshots
// folder for watch), read by loadHistory with tighter bounds than the charts use: judging needs
// the recent past, not a month of it. A missing or broken report is a note, never fatal.
import path from 'node:path';
import type { HostPast } from '../analysis/index.js';
import { loadHistory } from './history.js';

/** Earlier runs read at most for judging (the newest). */
export const JUDGE_MAX_RUNS = 20;
/** Nothing older than this before the run is read for judging. */
export const JUDGE_HORIZON_MS = 7 * 86_400_000;

export interface PastRunsOptions {
  /** Folder of earlier runs; null: the run directory's parent. */
  root: string | null;
  maxRuns?: number;
  horizonMs?: number;
}

export interface PastScope {
  runId: string;
  startedAt: string;
  hosts: string[];
  runDir: string;
}

/** A reader `runFleet` calls once its samples are in (pipeline's ReadPast). */
export function pastRunsReader(o: PastRunsOptions): (scope: PastScope) => Promise<{ past: Map<string, HostPast>; notes: string[] }> {
  return async (scope) => {
    const root = o.root ?? path.dirname(path.resolve(scope.runDir));
    const loaded = await loadHistory(
      { run: { id: scope.runId, startedAt: scope.startedAt, finishedAt: scope.startedAt }, hosts: scope.hosts.map((host) => ({ host })) },
      path.join(scope.runDir, 'report.json'),
      { root, csv: [], maxRuns: o.maxRuns ?? JUDGE_MAX_RUNS, horizonMs: o.horizonMs ?? JUDGE_HORIZON_MS },
    ).catch((err: Error) => ({ history: null, notes: [`history: not read (${err.message}); sites judged on this run alone`], runs: 0, rows: 0 }));
    const past = new Map<string, HostPast>();
    if (loaded.history) for (const [host, hh] of loaded.history.hosts) past.set(host, hh.sites);
    return { past, notes: loaded.notes };
  };
}
