// Spreads aggregate's hosts over worker threads, one per core (at most 4), when there are enough
// of them to pay for the workers' start (~0.1 s each): parsing and analysis are CPU-bound, and a
// thousand hosts on one core take seconds. Each worker takes a contiguous share of the files and
// sends back its hosts' reports in order. Without the built worker (tests run the TypeScript
// sources) or for a few hosts, the same work runs here, one host at a time.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../core/exit-codes.js';
import type { AnalysisOptions } from '../analysis/types.js';
import type { ReadHost } from './aggregate-run-info.js';
import { aggregateHost } from './aggregate-host.js';

/** Below this many hosts, workers cost more than they save. */
const MIN_HOSTS_FOR_WORKERS = 64;
const MAX_WORKERS = 4;

export interface WorkerJob {
  files: string[];
  runDir: string;
  analysis: AnalysisOptions;
}

export type WorkerReply = { ok: true; hosts: ReadHost[] } | { ok: false; message: string; user: boolean };

export async function analyzeHosts(files: string[], runDir: string, analysis: AnalysisOptions): Promise<ReadHost[]> {
  const script = fileURLToPath(new URL('./aggregate-worker.js', import.meta.url));
  const cores = Math.min(MAX_WORKERS, os.availableParallelism?.() ?? os.cpus().length);
  if (files.length < MIN_HOSTS_FOR_WORKERS || cores < 2 || !existsSync(script) || process.env.FLEET_DIAG_AGGREGATE_WORKERS === '0') {
    return files.map((f) => aggregateHost(f, runDir, analysis));
  }
  const share = Math.ceil(files.length / cores);
  const parts = Array.from({ length: cores }, (_, i) => files.slice(i * share, (i + 1) * share)).filter((p) => p.length > 0);
  const replies = await Promise.all(parts.map((part) => runWorker(script, { files: part, runDir, analysis })));
  return replies.flat();
}

function runWorker(script: string, job: WorkerJob): Promise<ReadHost[]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(script, { workerData: job });
    w.once('message', (r: WorkerReply) => {
      if (r.ok) resolve(r.hosts);
      else reject(r.user ? new UserError(r.message) : new Error(r.message));
    });
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`aggregate: a worker thread ended (exit ${code}) before its hosts were done`)));
  });
}
