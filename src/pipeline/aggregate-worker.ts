// A worker thread of `aggregate` (aggregate-workers.ts): its share of the stored results ─► host
// reports, sent back in one message. Built as its own entry (scripts/bundle.mjs).
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../core/exit-codes.js';
import { aggregateHost } from './aggregate-host.js';
import type { WorkerJob, WorkerReply } from './aggregate-workers.js';

const job = workerData as WorkerJob;
let reply: WorkerReply;
try {
  reply = { ok: true, hosts: job.files.map((f) => aggregateHost(f, job.runDir, job.analysis)) };
} catch (err) {
  reply = { ok: false, message: (err as Error)?.message ?? String(err), user: err instanceof UserError };
}
parentPort!.postMessage(reply);
