import { gunzipSync } from 'node:zlib';
import { readSocketCounts } from './sockets.js';
import { MAX_ARTIFACT, MAX_INFLATED_PER_HOST, mb } from './limits.js';

/**
 * What a node sends as a file: goroutine profiles (goroutineleak: Go 1.26+'s leak profile at
 * debug=1, only leaked goroutines, where served), the heap profile's MemStats trailer, and
 * Delve's goroutine listing (run --attach).
 */
export type ArtifactKind = 'debug1' | 'debug2' | 'pprof' | 'goroutineleak' | 'memstats' | 'delve';

/** One Delve attach to the service (run --attach), as the node measured it. */
export interface AttachRecord {
  /** Attach to detach: the longest the service was stopped. */
  pauseMs: number;
  /** Delve's exit status (124/137: killed at the time limit). */
  rc: number;
  /** The process still exists afterwards. */
  alive: boolean;
  /** Its state afterwards (/proc/PID/stat), '?' when unknown. */
  state: string;
  pid: number | null;
}

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
  /** Set when the goroutines of this sample were read through Delve. */
  attach?: AttachRecord;
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
  /** On-demand profiles (run --capture) by kind, as the service sent them. */
  captures: Record<string, Buffer>;
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
 * Numbers come from a node, which may say anything: a count that is not a whole number, a
 * socket state that is not a TCP state name, a clock that is not plausible is dropped with a
 * warning on the host, never carried into the report (one host's odd data must not sink it).
 */
export function readCollectorOutput(stdout: string, limits: InflateLimits = { artifact: MAX_ARTIFACT, total: MAX_INFLATED_PER_HOST }): RawCollection {
  let inflated = 0;
  const out: RawCollection = { started: false, finished: false, pid: null, samples: [], fatal: null, warnings: [], captures: {} };
  const sample = (i: number): RawSample => {
    let s = out.samples.find((x) => x.index === i);
    if (!s) {
      s = { index: i, takenAt: null, total: null, threads: null, sockets: null, files: {}, errors: [], notes: [] };
      out.samples.push(s);
    }
    return s;
  };
  const warn = (w: string) => out.warnings.push(w);
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
      case 'sample': {
        const s = sample(toInt(a) ?? 0);
        s.takenAt = sampleTime(more[0], s.index, warn);
        break;
      }
      case 'total': {
        const s = sample(toInt(a) ?? 0);
        s.total = count(more[0], `sample ${s.index}: goroutine total`, warn);
        break;
      }
      case 'threads': {
        const s = sample(toInt(a) ?? 0);
        s.threads = count(more[0], `sample ${s.index}: thread count`, warn);
        break;
      }
      case 'sockets': {
        const s = sample(toInt(a) ?? 0);
        s.sockets = parseSockets(more, `sample ${s.index}`, warn);
        break;
      }
      case 'error':
        sample(toInt(a) ?? 0).errors.push(tail);
        break;
      case 'attach': {
        const [ms, rc, alive, state, pid] = more;
        sample(toInt(a) ?? 0).attach = { pauseMs: toInt(ms) ?? 0, rc: toInt(rc) ?? -1, alive: alive === 'yes', state: /^[A-Za-z?]$/.test(state ?? '') ? state : '?', pid: toInt(pid) };
        break;
      }
      case 'note':
        sample(toInt(a) ?? 0).notes.push(tail);
        break;
      case 'file': {
        // `capture.NAME`: an on-demand profile of the host, not of a sample.
        const capture = /^capture\.([a-z]{1,20})$/.exec(a ?? '')?.[1];
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
          if (capture) warn(`capture ${capture}: cut off in transfer`);
          else sample(idx).errors.push(`${kind} payload was cut off in transfer`);
          break;
        }
        const cap = Math.min(limits.artifact, limits.total - inflated);
        try {
          const bytes = Buffer.from(chunks.join(''), 'base64');
          const file = enc === 'gz' ? gunzipSync(bytes, { maxOutputLength: Math.max(1, cap) }) : bytes;
          if (file.length > cap) throw Object.assign(new RangeError('too large'), { code: 'ERR_BUFFER_TOO_LARGE' });
          inflated += file.length;
          if (capture) out.captures[capture] = file;
          else sample(idx).files[kind] = file;
        } catch (err) {
          const tooLarge = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
          const which = cap < limits.artifact ? `the host's profiles together exceed ${mb(limits.total)}` : `it is larger than ${mb(limits.artifact)}`;
          if (capture) warn(`capture ${capture}: ${tooLarge ? `refused: ${which} once decompressed` : `corrupt (${(err as Error).message})`}`);
          else if (tooLarge) sample(idx).errors.push(`${kind} payload of sample ${idx + 1} refused: ${which} once decompressed`);
          else sample(idx).errors.push(`${kind} payload is corrupt (${(err as Error).message})`);
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

/** The sample holds the goroutines: pprof's debug=1 profile, or Delve's listing (run --attach). */
export function hasGoroutines(s: RawSample): boolean {
  return Boolean(s.files.debug1 ?? s.files.delve);
}

/** A whole number a report can hold (at most 15 digits: well inside JavaScript's exact integers); else null. */
function toInt(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,15}$/.test(s)) return null;
  return Number(s);
}

/** Node text quoted in a warning: short, and one line. */
const shown = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** A count the node sent; anything but a whole number is dropped with a warning. */
function count(text: string | undefined, what: string, warn: (w: string) => void): number | null {
  const n = toInt(text);
  if (n === null && text !== undefined && text !== '') warn(`${what} ${shown(text)} is ${/^\d+$/.test(text) ? 'out of range' : 'not a whole number'}: dropped`);
  return n;
}

/** Earliest sample time believed (a node clock before this is unset or broken). */
const EARLIEST = Date.UTC(2000, 0, 1);
/** A node clock may run ahead of ours, but not by more than this. */
const AHEAD = 24 * 3600_000;

/** The node's clock at a sample (ms); an absurd one is dropped with a warning (the report says null). */
function sampleTime(text: string | undefined, index: number, warn: (w: string) => void, now = Date.now()): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return count(text, `sample ${index}: timestamp`, warn);
  const t = Number(text);
  if (t < EARLIEST || t > now + AHEAD) {
    warn(`sample ${index}: the node's clock read ${shown(text)} ms (${t < EARLIEST ? 'before 2000' : 'more than a day ahead of ours'}): timestamp dropped`);
    return null;
  }
  return t;
}

function parseSockets(fields: string[], what: string, warn: (w: string) => void): Record<string, number> | null {
  const [tool, ...pairs] = fields;
  if (!tool || tool === 'none') return null;
  const { counts, dropped } = readSocketCounts(pairs);
  if (dropped.length > 0) warn(`${what}: socket counts dropped: ${dropped.slice(0, 5).map(shown).join(', ')}${dropped.length > 5 ? ` and ${dropped.length - 5} more` : ''} (not a TCP state name with a whole count)`);
  return counts;
}
