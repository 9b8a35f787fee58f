import { gunzipSync } from 'node:zlib';
import { normalizeSocketStates } from './sockets.js';
import { MAX_ARTIFACT, MAX_INFLATED_PER_HOST, mb } from './limits.js';

export type ArtifactKind = 'debug1' | 'debug2' | 'pprof';

/** One sample as the node-side collector reported it (roles/goroutine_snapshot/files/collect.sh). */
export interface RawSample {
  index: number;
  takenAt: number | null;
  total: number | null;
  threads: number | null;
  sockets: Record<string, number> | null;
  files: Partial<Record<ArtifactKind, Buffer>>;
  errors: string[];
  notes: string[];
}

export interface RawCollection {
  /** The collector started (its hello line was seen). */
  started: boolean;
  /** It ran to its end (done line). */
  finished: boolean;
  pid: number | null;
  samples: RawSample[];
  /** Problems that stop the whole host (bad config on the node). */
  fatal: string | null;
  warnings: string[];
}

const MARK = '@@fd ';

/** Caps on gunzip while reading one collection (limits.ts); tests pass smaller ones. */
export interface InflateLimits {
  artifact: number;
  total: number;
}

/**
 * Reads the collector's line protocol; unknown lines are ignored, a cut-off payload is dropped.
 * Every gzip payload is inflated under a cap (per artifact, and for the whole collection): a
 * payload over it is a sample error saying so, and memory stays bounded whatever a node sends.
 */
export function readCollectorOutput(stdout: string, limits: InflateLimits = { artifact: MAX_ARTIFACT, total: MAX_INFLATED_PER_HOST }): RawCollection {
  let inflated = 0;
  const out: RawCollection = { started: false, finished: false, pid: null, samples: [], fatal: null, warnings: [] };
  const sample = (i: number): RawSample => {
    let s = out.samples.find((x) => x.index === i);
    if (!s) {
      s = { index: i, takenAt: null, total: null, threads: null, sockets: null, files: {}, errors: [], notes: [] };
      out.samples.push(s);
    }
    return s;
  };
  const lines = stdout.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (!line.startsWith(MARK)) continue;
    const rest = line.slice(MARK.length);
    const [key, a, ...more] = rest.split(' ');
    const tail = more.join(' ');
    switch (key) {
      case 'hello':
        out.started = true;
        break;
      case 'done':
        out.finished = true;
        break;
      case 'pid':
        out.pid = toInt(a);
        break;
      case 'fatal':
        out.fatal = rest.slice('fatal '.length);
        break;
      case 'warn':
        out.warnings.push(rest.slice('warn '.length));
        break;
      case 'sample':
        sample(toInt(a) ?? 0).takenAt = toInt(more[0]);
        break;
      case 'total':
        sample(toInt(a) ?? 0).total = toInt(more[0]);
        break;
      case 'threads':
        sample(toInt(a) ?? 0).threads = toInt(more[0]);
        break;
      case 'sockets':
        sample(toInt(a) ?? 0).sockets = parseSockets(more);
        break;
      case 'error':
        sample(toInt(a) ?? 0).errors.push(tail);
        break;
      case 'note':
        sample(toInt(a) ?? 0).notes.push(tail);
        break;
      case 'file': {
        const kind = a as ArtifactKind;
        const idx = toInt(more[0]) ?? 0;
        const enc = more[1];
        const chunks: string[] = [];
        let closed = false;
        for (n = n + 1; n < lines.length; n++) {
          if (lines[n].startsWith(MARK)) {
            closed = lines[n] === `${MARK}end`;
            if (!closed) n--; // a new record: the payload was cut off
            break;
          }
          chunks.push(lines[n]);
        }
        if (!closed) {
          sample(idx).errors.push(`${kind} payload was cut off in transfer`);
          break;
        }
        const cap = Math.min(limits.artifact, limits.total - inflated);
        try {
          const bytes = Buffer.from(chunks.join(''), 'base64');
          const file = enc === 'gz' ? gunzipSync(bytes, { maxOutputLength: Math.max(1, cap) }) : bytes;
          if (file.length > cap) throw Object.assign(new RangeError('too large'), { code: 'ERR_BUFFER_TOO_LARGE' });
          inflated += file.length;
          sample(idx).files[kind] = file;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
            const which = cap < limits.artifact ? `the host's profiles together exceed ${mb(limits.total)}` : `it is larger than ${mb(limits.artifact)}`;
            sample(idx).errors.push(`${kind} payload of sample ${idx + 1} refused: ${which} once decompressed`);
          } else {
            sample(idx).errors.push(`${kind} payload is corrupt (${(err as Error).message})`);
          }
        }
        break;
      }
      default:
        break;
    }
  }
  out.samples.sort((x, y) => x.index - y.index);
  return out;
}

function toInt(s: string | undefined): number | null {
  if (s === undefined || !/^\d+$/.test(s)) return null;
  return Number(s);
}

function parseSockets(fields: string[]): Record<string, number> | null {
  const [tool, ...pairs] = fields;
  if (!tool || tool === 'none') return null;
  const raw: Record<string, number> = {};
  for (const p of pairs) {
    const eq = p.lastIndexOf('=');
    if (eq <= 0) continue;
    const n = Number(p.slice(eq + 1));
    if (Number.isFinite(n)) raw[p.slice(0, eq)] = n;
  }
  return normalizeSocketStates(raw);
}
