// Input that holds no goroutine is an input error, never a verdict: a heap profile's text,
// an HTML page or a log would otherwise read as "0 goroutines, healthy". The parser stays
// forgiving (an empty Profile and a warning); the commands that turn dumps into verdicts ask
// here whether what they got is a goroutine dump, and if not, what it looks like instead.
//
// What Go's net/http/pprof answers, looked at by their first line (debug=1 text):
//   heap profile: 2: 512 [2: 512] @ heap/1048576      heap and allocs
//   --- mutex:                                         mutex
//   --- contention:                                    block
//   threadcreate profile: total 4                      threadcreate (its records read like
//                                                      goroutine records: refused by the header)
//   # runtime.MemStats                                 the end of a heap profile's text
//   <html> … <title>/debug/pprof/</title>              the index page
//   404 page not found / Unknown profile               a wrong path or profile name
import { isAscii } from 'node:buffer';
import { createRequire } from 'node:module';
import { closeSync, openSync, readSync } from 'node:fs';
import type { Profile } from './types.js';
import { ProfileError } from './types.js';

/** The profile to fetch instead, named in every message. */
export const GOROUTINE_ENDPOINT = '/debug/pprof/goroutine?debug=2';

/** Bytes of the input looked at to say what it is. */
export const HEAD_BYTES = 4096;

/** The first bytes of an input (or its text). */
export type Head = Uint8Array | string;

/** The input is no goroutine dump; `what` says what it looks like ("the text of a heap profile (…)"). */
export class NotGoroutinesError extends ProfileError {
  constructor(
    readonly source: string | undefined,
    readonly what: string,
  ) {
    super(`${source ? `${source}: ` : ''}${what}, not a goroutine dump; fetch ${GOROUTINE_ENDPOINT} instead`);
    this.name = 'NotGoroutinesError';
  }
}

/**
 * Throws NotGoroutinesError when `profile` (parsed from an input starting with `head`) holds no
 * goroutine, or when its records are another profile's: a threadcreate profile's records read
 * like goroutine records. A dump with junk around it passes (its warnings say so).
 */
export function requireGoroutines(profile: Profile, head: Head | (() => Head), source?: string): Profile {
  const what = notGoroutines(profile, head);
  if (what !== null) throw new NotGoroutinesError(source, what);
  return profile;
}

/** Null for a goroutine dump; else what the input looks like (see requireGoroutines). */
export function notGoroutines(profile: Profile, head: Head | (() => Head)): string | null {
  let got: Head | undefined;
  // the head is read (a file's, by a function) at most once, and only when asked
  const headOf = (): Head => (got ??= typeof head === 'function' ? head() : head);
  const text = (): string => headText(headOf());
  if (profile.goroutines.length > 0) {
    // Records only (no traceback) under another profile's header: that profile's records.
    if (profile.format !== 'debug1') return null;
    return otherProfile(asciiFirstLine(headOf()) ?? firstLine(text()));
  }
  // Go's goroutineleak profile lists leaked goroutines only: none is its all-clear.
  if (profile.format === 'goroutineleak') return null;
  if (profile.format === 'pprof') return 'a pprof goroutine profile with no samples';
  return describeText(text());
}

/** What a text with no goroutine in it looks like, in words. */
export function describeText(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return 'empty input';
  const first = lines[0];
  const other = otherProfile(first);
  if (other !== null) return other;
  if (/^goroutine profile: total \d+/.test(first)) return "a goroutine profile's header with no record after it (cut off?)";
  if (/^<(!doctype html|html|head|body|title|pre|h1|\?xml)\b/i.test(first) || /<html\b/i.test(first)) return htmlPage(text);
  if (/^num_symbols: \d+$/.test(first)) return 'the answer of /debug/pprof/symbol';
  if (lines.length === 1 && /^404 page not found$/i.test(first)) return 'Go\'s "404 page not found" answer (a wrong URL path?)';
  if (lines.length === 1 && /^Unknown profile/.test(first)) return 'pprof\'s "Unknown profile" answer (a misspelt profile name?)';
  if (looksLikeLog(lines)) return `a log (first line: ${quoted(first)})`;
  if (/^[{[]/.test(first)) return /"memstats"\s*:/.test(text) ? 'JSON from /debug/vars (expvar)' : `JSON (first line: ${quoted(first)})`;
  return `text with no goroutine in it (first line: ${quoted(first)})`;
}

/** Another pprof profile's debug=1 text, named by its first line; null when it is none. */
function otherProfile(first: string): string | null {
  if (/^heap profile: \d+: \d+ \[\d+: \d+\] @ /.test(first)) return 'the text of a heap or allocs profile (/debug/pprof/heap?debug=1)';
  if (first === '--- mutex:') return 'the text of a mutex profile (/debug/pprof/mutex?debug=1)';
  if (first === '--- contention:') return 'the text of a block profile (/debug/pprof/block?debug=1)';
  if (/^threadcreate profile: total \d+/.test(first)) return 'the text of a threadcreate profile (/debug/pprof/threadcreate?debug=1)';
  if (first === '# runtime.MemStats') return 'runtime.MemStats (the end of /debug/pprof/heap?debug=1)';
  return null;
}

function htmlPage(text: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1].replace(/\s+/g, ' ').trim() ?? '';
  if (title.includes('/debug/pprof')) return "pprof's HTML index page (/debug/pprof/)";
  const h1 = /<h1[^>]*>([^<]*)<\/h1>/i.exec(text)?.[1].replace(/\s+/g, ' ').trim() ?? '';
  const name = title || h1;
  return name ? `an HTML page (${quoted(name)})` : 'an HTML page';
}

/** Timestamps or levels at the start of most of the first lines (text, logfmt or JSON logs). */
const LOG_LINE = [
  /^\[?\d{4}[-/]\d{2}[-/]\d{2}[ T_]\d{2}:\d{2}/, // 2024-05-01 12:00 / 2024/05/01 12:00:00 / ISO 8601
  /^\[?\d{2}:\d{2}:\d{2}/, // 12:00:00
  /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}/, // glog / klog
  /^[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} /, // syslog
  /^\[?(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|PANIC|CRIT)\b/i,
  /^(time|ts|level|lvl|t)=/, // logfmt
  /^\{\s*"(time|ts|level|lvl|msg|message|@timestamp|severity)"\s*:/, // JSON lines
];

function looksLikeLog(lines: string[]): boolean {
  const some = lines.slice(0, 20);
  const hits = some.filter((l) => LOG_LINE.some((re) => re.test(l))).length;
  return hits > 0 && hits * 2 >= some.length;
}

function firstLine(text: string): string {
  // line by line, not split whole: every debug=1 sample of a fleet is asked (a '\r' before the
  // '\n' goes with the trim, as with a split on /\r?\n/)
  for (let at = 0; at <= text.length; ) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    const l = text.slice(at, nl).trim();
    if (l !== '') return l;
    at = nl + 1;
  }
  return '';
}

/**
 * firstLine(headText(head)) for the usual head, without decoding all of it (every debug=1 sample
 * of a fleet is asked): bytes whose first line is ASCII and not blank. Null for anything else
 * (gzip, a string, a blank or non-ASCII first line, none within HEAD_BYTES): ask firstLine.
 */
function asciiFirstLine(head: Head): string | null {
  if (typeof head === 'string' || (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b)) return null;
  const b = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, HEAD_BYTES));
  const nl = b.indexOf(10);
  if (nl < 0 || !isAscii(b.subarray(0, nl))) return null;
  const line = b.toString('latin1', 0, nl).trim();
  return line === '' ? null : line;
}

/** Longest piece of the input quoted in a message. */
const QUOTE = 60;

function quoted(s: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return JSON.stringify(clean.length > QUOTE ? `${clean.slice(0, QUOTE)}…` : clean);
}

// ---- the head of an input ----

/** The first bytes as text: gzip is opened (as far as those bytes go), a BOM dropped. */
export function headText(head: Head): string {
  if (typeof head === 'string') return head.slice(0, HEAD_BYTES).replace(/^\uFEFF/, '');
  let b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) {
    const zlib = createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib'); // gzip input only
    try {
      b = zlib.gunzipSync(b, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } catch {
      return '';
    }
  }
  return b.subarray(0, HEAD_BYTES).toString('utf8').replace(/^\uFEFF/, '');
}

/** The first HEAD_BYTES of a file (fewer when it is shorter); empty when it cannot be read. */
export function readHead(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return Buffer.alloc(0);
  }
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    let n = 0;
    while (n < buf.length) {
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
    }
    return buf.subarray(0, n);
  } catch {
    return Buffer.alloc(0);
  } finally {
    closeSync(fd);
  }
}

/**
 * Passes a stream through unchanged while keeping its first HEAD_BYTES, for a stream that
 * cannot be read twice (stdin).
 */
export function keepHead(stream: AsyncIterable<Buffer | Uint8Array | string>): { stream: AsyncIterable<Buffer>; head: () => Buffer } {
  const kept: Buffer[] = [];
  let size = 0;
  async function* pass(): AsyncGenerator<Buffer> {
    for await (const chunk of stream) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (size < HEAD_BYTES) {
        const part = Buffer.from(b.subarray(0, HEAD_BYTES - size)); // a copy: the reader may reuse its buffer
        kept.push(part);
        size += part.length;
      }
      yield b;
    }
  }
  return { stream: pass(), head: () => Buffer.concat(kept, size) };
}
