// aggregate's reader thread (aggregate-read.ts starts it; built as its own entry, scripts/bundle.mjs):
// reads, judges and decodes each stored result in order, posts the host to the main thread (which
// parses and analyzes it meanwhile), then writes its artifacts, here and synchronously
// (collect/store.ts writeArtifactsSync). Handing each file to libuv's pool instead (open, write,
// close: three requests, each waking a pool thread and then this loop) cost about twice the CPU
// of the writes themselves (1,000 hosts of 4 files on a tmpfs: ~330 ms of CPU against ~150 ms),
// and on two cores every CPU millisecond is one the analysis waits for. At most `window` hosts
// (and `windowBytes` of their files) are posted and not yet taken, so memory holds a bounded
// amount of raw output at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../core/exit-codes.js';
import { readStoredHost } from './aggregate-host.js';
import { writeArtifactsSync } from '../collect/store.js';
import type { ReaderJob, ReaderMessage } from './aggregate-read.js';
import type { CollectedHost } from '../collect/host-outcome.js';

/**
 * The host's bytes, copied into one ArrayBuffer of its own and handed over (transferred), not
 * cloned: a decoded file is a view into a larger buffer (the whole output, a pool), and a clone
 * copies the whole of what it views, for every file. One buffer for all of a host's files (each
 * a view into it), not one per file: a fifth of the ArrayBuffers to make, transfer and sweep.
 * Copies, because the artifact writes still read the originals.
 */
function compacted(outcome: CollectedHost, transfer: ArrayBuffer[]): CollectedHost {
  const raw = outcome.raw;
  if (!raw) return outcome;
  let size = 0;
  for (const s of raw.samples) for (const k in s.files) size += s.files[k as keyof typeof s.files]!.length;
  for (const k in raw.captures) size += raw.captures[k].length;
  const all = new Uint8Array(size);
  transfer.push(all.buffer);
  let at = 0;
  const own = (b: Uint8Array): Uint8Array => {
    all.set(b, at);
    at += b.length;
    return all.subarray(at - b.length, at);
  };
  return {
    ...outcome,
    raw: {
      ...raw,
      samples: raw.samples.map((s) => ({ ...s, files: Object.fromEntries(Object.entries(s.files).map(([k, v]) => [k, own(v)])) })),
      captures: Object.fromEntries(Object.entries(raw.captures).map(([k, v]) => [k, own(v)])),
    },
  } as CollectedHost;
}

/** How long the reader sleeps when it is `window` hosts ahead. It polls the shared count instead of
 *  Atomics.waitAsync: waking a waitAsync cost the main thread ~1 ms per Atomics.notify, 1 s of a
 *  1,000-host aggregate; window hosts take the main thread far longer than one nap to analyze. */
const NAP_MS = 2;

// a thread started early (reader-thread.ts) is posted its job; one started for it has it as workerData
const job = (workerData as ReaderJob | null) ?? (await new Promise<ReaderJob>((resolve) => parentPort!.once('message', resolve)));
const taken = new Int32Array(job.taken);
const post = (m: ReaderMessage) => parentPort!.postMessage(m);
/** Decoded bytes of each host posted, by its index. */
const sizes: number[] = [];
/** The main thread has taken all but `window` of the hosts before host i, and all but `windowBytes` of their bytes. */
function roomFor(i: number): boolean {
  const t = Atomics.load(taken, 0);
  if (i - t >= job.window) return false;
  let ahead = 0;
  for (let k = t; k < i; k++) ahead += sizes[k];
  return i === t || ahead < job.windowBytes;
}
try {
  for (const [i, file] of job.files.entries()) {
    while (!roomFor(i)) await new Promise((resolve) => setTimeout(resolve, NAP_MS));
    const host = readStoredHost(file);
    const transfer: ArrayBuffer[] = [];
    parentPort!.postMessage({ host: { ...host, outcome: compacted(host.outcome, transfer), artifacts: [] } } satisfies ReaderMessage, transfer);
    sizes[i] = transfer.reduce((n, b) => n + b.byteLength, 0);
    writeArtifactsSync(job.runDir, host.artifacts); // after the post: the main thread need not wait for them
  }
  post({ done: true });
} catch (err) {
  post({ error: (err as Error)?.message ?? String(err), user: err instanceof UserError ? err.exitCode : null });
}
