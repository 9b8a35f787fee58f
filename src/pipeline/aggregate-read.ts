// Reads aggregate's stored results on a thread of its own (aggregate-reader.ts: read, base64 and
// gunzip, artifacts written there) while this thread parses and analyzes the hosts already
// read: on two cores, decoding and file creation (and their garbage, in the reader's own heap) no
// longer wait for the analysis, nor it for them. Parsing stays here, beside the analysis: the
// parses of one thread share their Frames (profile/frames.ts) and the analysis keys its per-frame
// work on them, which a copy to another thread would undo. Hosts arrive in file order.
// A few hosts (or no built reader, or FLEET_DIAG_AGGREGATE_READER=0) are read here, one by one, and
// so are the first FIRST_HERE of many while the reader thread gets ready.
import { UserError } from '../core/exit-codes.js';
import { readStoredHost, revived, type StoredHost } from './aggregate-host.js';
import { writeArtifactsSync } from '../collect/store.js';
import { endEarlyReader, MIN_HOSTS_FOR_READER, readerFor } from './reader-thread.js';

/**
 * Hosts read ahead of the analysis at most, and their decoded bytes at most (beyond the first
 * host ahead): what bounds the raw output held at once. 32 hosts, not 8: the reader shares two
 * cores with V8's compiler threads, and a stall of a few tens of milliseconds emptied a window of
 * 8 (~12 ms of analysis): the main thread idled 143-261 ms of a 1,000-host aggregate, 62-112 ms
 * with 32 (CPU profiles, 3 runs each). The bytes keep hosts of large dumps to a few at a time.
 */
const WINDOW = 32;
const WINDOW_BYTES = 16 * 1024 * 1024;

export interface ReaderJob {
  files: string[];
  runDir: string;
  window: number;
  /** Decoded bytes of the hosts posted and not taken, at most (one host ahead whatever its size). */
  windowBytes: number;
  /** One Int32: how many hosts the main thread has taken. */
  taken: SharedArrayBuffer;
}

export type ReaderMessage = { host: StoredHost } | { done: true } | { error: string; user: number | null };

export type ReadMode = 'auto' | 'thread' | 'inline';

/** The first hosts are read here while the reader thread gets ready (its start, even an early
 *  one, ends ~40 ms after this thread has its modules loaded): the reader takes the rest. */
const FIRST_HERE = 4;

function readInline(files: string[], runDir: string, take: (h: StoredHost) => void): void {
  for (const f of files) {
    const h = readStoredHost(f);
    writeArtifactsSync(runDir, h.artifacts);
    take(h);
  }
}

/** Calls `take` with each file's host, in order; resolves once all are taken and their artifacts stored. */
export async function readHosts(files: string[], runDir: string, take: (h: StoredHost) => void, mode: ReadMode = 'auto'): Promise<void> {
  const inline = mode === 'inline' || (mode === 'auto' && (files.length < MIN_HOSTS_FOR_READER || process.env.FLEET_DIAG_AGGREGATE_READER === '0'));
  const taken = new SharedArrayBuffer(4);
  const count = new Int32Array(taken);
  const job: ReaderJob = { files: files.slice(FIRST_HERE), runDir, window: WINDOW, windowBytes: WINDOW_BYTES, taken };
  const w = inline ? null : readerFor(job); // null too without a built reader
  if (w === null) {
    endEarlyReader();
    readInline(files, runDir, take);
    return;
  }
  try {
    readInline(files.slice(0, FIRST_HERE), runDir, take);
  } catch (err) {
    void w.terminate();
    throw err;
  }
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const end = (err?: Error) => {
      if (settled) return;
      settled = true;
      if (err) void w.terminate();
      if (err) reject(err);
      else resolve();
    };
    w.on('message', (m: ReaderMessage) => {
      if (settled) return;
      if ('error' in m) return end(m.user !== null ? new UserError(m.error, m.user) : new Error(m.error));
      if ('done' in m) return end();
      try {
        take(revived(m.host));
      } catch (err) {
        return end(err as Error);
      }
      Atomics.add(count, 0, 1); // the reader polls it (aggregate-reader.ts: no notify, it cost ~1 ms)
    });
    w.once('error', (err) => end(err));
    w.once('exit', (code) => end(new Error(`aggregate: the reader thread ended (exit ${code}) before the last host`)));
  });
}
