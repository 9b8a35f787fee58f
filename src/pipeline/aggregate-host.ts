// One stored result ─► a host ready for the analysis: read, judged like a collector result of `run`,
// its artifacts decoded, its profiles parsed (the first half of `run`'s buildHostReport). Runs in
// aggregate's reader thread (or inline); what it returns is plain data (the artifacts as bytes).
import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../core/exit-codes.js';
import { explainUnreachable, judgeCollectorResult } from '../collect/judge-result.js';
import type { CollectedHost } from '../collect/host-outcome.js';
import { parseStoredResult, type StoredResult } from '../collect/stored-result.js';
import { artifactFiles } from '../collect/store.js';
import { MAX_OUTPUT, mb } from '../collect/limits.js';
import { readHostSamples, type HostSamples } from '../report/build-host.js';

/** A stored result holds one node's output (at most MAX_OUTPUT) and a few words: anything larger is not one. */
const MAX_RESULT_FILE = MAX_OUTPUT + 16 * 1024 * 1024;

export interface StoredHost {
  file: string;
  /** The stored result without its output. */
  stored: StoredResult;
  outcome: Omit<CollectedHost, 'raw' | 'warnings'>;
  samples: HostSamples;
  /** The sample artifacts to store, by path relative to the run directory (collect/store.ts). */
  artifacts: [string, Uint8Array][];
}

export function readStoredHost(file: string): StoredHost {
  const stored = readStoredResult(file);
  const outcome = judgeStored(stored);
  const { host, status, error, attempts } = outcome;
  return { file, stored: { ...stored, result: {} }, outcome: { host, status, error, attempts }, samples: readHostSamples(outcome), artifacts: artifactFiles(outcome) };
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
