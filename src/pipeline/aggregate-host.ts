// One stored result ─► a host ready for parsing and analysis: read, judged like a collector result
// of `run` (its output decoded: base64, gunzip, the line protocol), its artifacts listed. Runs in
// aggregate's reader thread (or inline); what it returns is plain data (the artifacts as bytes).
import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../core/exit-codes.js';
import { explainUnreachable, judgeCollectorResult } from '../collect/judge-result.js';
import type { CollectedHost } from '../collect/host-outcome.js';
import { parseStoredResult, type StoredResult } from '../collect/stored-result.js';
import { artifactFiles } from '../collect/store.js';
import { MAX_OUTPUT, mb } from '../collect/limits.js';

/** A stored result holds one node's output (at most MAX_OUTPUT) and a few words: anything larger is not one. */
const MAX_RESULT_FILE = MAX_OUTPUT + 16 * 1024 * 1024;

export interface StoredHost {
  file: string;
  /** The stored result without its output. */
  stored: StoredResult;
  /** The judged host with its decoded output (parsed by the main thread: profile/frames.ts shares
   *  the parsed Frames across hosts of one thread, and the analysis then keys its work on them). */
  outcome: CollectedHost;
  /** The sample artifacts to store, by path relative to the run directory (collect/store.ts). */
  artifacts: [string, Uint8Array][];
}

export function readStoredHost(file: string): StoredHost {
  const stored = readStoredResult(file);
  const outcome = judgeStored(stored);
  return { file, stored: { ...stored, result: {} }, outcome, artifacts: artifactFiles(outcome) };
}

/** A host posted by the reader thread: its bytes arrive as Uint8Arrays, which the parsers read as Buffers. */
export function revived(h: StoredHost): StoredHost {
  const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  const raw = h.outcome.raw;
  if (raw) {
    for (const s of raw.samples) for (const [k, v] of Object.entries(s.files)) if (v) (s.files as Record<string, Buffer>)[k] = asBuffer(v);
    for (const [k, v] of Object.entries(raw.captures)) raw.captures[k] = asBuffer(v);
  }
  return h;
}

export function readStoredResult(file: string): StoredResult {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_RESULT_FILE) throw new UserError(`aggregate: ${file} is ${mb(size)}, more than a collector's output can be (${mb(MAX_RESULT_FILE)}): not read`);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`aggregate: cannot read ${file}`);
  }
  const r = parseStoredResult(text);
  if ('error' in r) throw new UserError(`aggregate: ${file} ${r.error}`);
  return r;
}

/** As `run` judges its hosts: ok only on complete collector output. */
function judgeStored(s: StoredResult): CollectedHost {
  if (s.unreachable) return { host: s.host, status: 'unreachable', error: explainUnreachable(s.result.msg ?? 'host unreachable'), raw: null, warnings: [], attempts: 1 };
  return { ...judgeCollectorResult(s.result, s.host, { urlOf: () => 'the pprof URL', timeoutS: s.settings?.timeout_s ?? 0 }), attempts: 1 };
}
