// aggregate's reader thread (aggregate-reader.ts), started as soon as the CLI knows the command
// (cli/main.ts), before the main thread loads the parsers and the analysis: its own start (~60 ms,
// a new isolate loading its bundle, on the other core) then overlaps that loading instead of being
// waited for. readHosts (aggregate-read.ts) takes it and posts it the job; a thread started early
// and not taken (the hosts read inline after all) is ended. A small module: the CLI loads it first.
import { existsSync, readdirSync, type Dirent } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Below this many hosts the thread's start (~30 ms) costs more than it saves: they are read inline. */
export const MIN_HOSTS_FOR_READER = 32;

let early: { worker: Worker; failed: boolean } | null = null;

/**
 * Starts the reader ahead for an aggregate of `dirs`, waiting for its job: only when they hold
 * enough results to be read on it (a thread started and then ended unused kept a 10-host
 * aggregate's process ~0.2 s longer), the reader is on and built.
 */
export function startReaderEarly(dirs: readonly string[]): void {
  if (early || process.env.FLEET_DIAG_AGGREGATE_READER === '0' || resultCount(dirs) < MIN_HOSTS_FOR_READER) return;
  const script = readerScript();
  if (!script) return;
  const worker = new Worker(script.file, { eval: script.eval });
  const slot = { worker, failed: false };
  // until taken, a failed start only means a new thread is started for the job
  worker.once('error', () => (slot.failed = true));
  worker.once('exit', () => (slot.failed = true));
  worker.unref(); // an aggregate that ends before taking it (a usage error) does not wait for it
  early = slot;
}

/** Whether a reader started early waits for its job. */
export function earlyReaderWaiting(): boolean {
  return early !== null && !early.failed;
}

/** A reader thread for `job`: the one started early (posted the job), else a new one; null when none is built. */
export function readerFor(job: unknown): Worker | null {
  const taken = early;
  early = null;
  if (taken && !taken.failed) {
    taken.worker.removeAllListeners();
    taken.worker.ref();
    taken.worker.postMessage(job);
    return taken.worker;
  }
  if (taken) void taken.worker.terminate();
  const script = readerScript();
  return script ? new Worker(script.file, { workerData: job, eval: script.eval }) : null;
}

/** Ends a reader started early that no job needs (few hosts are read inline). */
export function endEarlyReader(): void {
  const taken = early;
  early = null;
  if (taken) void taken.worker.terminate();
}

/** A directory entry aggregate reads as a stored result: a `<host>.json` file (no hidden one). */
export function isResultEntry(d: Dirent): boolean {
  return d.isFile() && d.name.endsWith('.json') && !d.name.startsWith('.');
}

/** The results in `dirs`, as aggregate lists them (0 for a directory it cannot read: aggregate says so). */
function resultCount(dirs: readonly string[]): number {
  let n = 0;
  for (const dir of dirs) {
    try {
      for (const d of readdirSync(dir, { withFileTypes: true })) if (isResultEntry(d)) n++;
    } catch {
      // aggregate reports it
    }
  }
  return n;
}

/** The built reader beside this module; from the TypeScript sources (tests), through tsx's loader. */
function readerScript(): { file: string; eval?: boolean } | null {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const reader = pathToFileURL(here.replace(/reader-thread\.ts$/, 'aggregate-reader.ts')).href;
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    return { file: `import(${JSON.stringify(tsx)}).then((t) => t.register()).then(() => import(${JSON.stringify(reader)}));`, eval: true };
  }
  const file = fileURLToPath(new URL('./aggregate-reader.js', import.meta.url));
  return existsSync(file) ? { file } : null; // the thread takes this process's node flags
}
