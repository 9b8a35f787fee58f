// aggregate's reader thread (aggregate-read.ts starts it; built as its own entry, scripts/bundle.mjs):
// reads, judges, decodes and parses each stored result in order and posts the host to the main
// thread, which stores its artifacts and analyzes it meanwhile. At most `window` hosts are posted and not yet taken,
// so memory holds a few hosts' raw output however far ahead this thread could run.
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../core/exit-codes.js';
import { readStoredHost } from './aggregate-host.js';
import type { ReaderJob, ReaderMessage } from './aggregate-read.js';

const job = workerData as ReaderJob;
const taken = new Int32Array(job.taken);
const post = (m: ReaderMessage) => parentPort!.postMessage(m);
try {
  job.files.forEach((file, i) => {
    // Wait (blocking this thread only) until the main thread has taken all but `window` of them.
    for (let t = Atomics.load(taken, 0); i - t >= job.window; t = Atomics.load(taken, 0)) Atomics.wait(taken, 0, t);
    post({ host: readStoredHost(file) });
  });
  post({ done: true });
} catch (err) {
  post({ error: (err as Error)?.message ?? String(err), user: err instanceof UserError ? err.exitCode : null });
}
