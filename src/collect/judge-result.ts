import { oneLine } from '../core/one-line.js';
import type { HostOutcome, HostStatus } from './host-outcome.js';
import { hasGoroutines, readCollectorOutput } from './protocol.js';
import { outputOverLimit } from './limits.js';

/** What one run of the node-side collector left: its output, exit code and the runner's message. */
export interface CollectorResult {
  stdout?: string;
  stderr?: string;
  module_stderr?: string;
  rc?: number;
  msg?: string;
  /** The output was over this many characters and dropped before it reached us (the callback plugin). */
  over_limit?: number;
}

export interface JudgeContext {
  urlOf: (h: string) => string;
  timeoutS: number;
}

/**
 * Judges one collector run, whichever executor ran it: ok only when the collector started,
 * finished and every sample has a goroutine profile.
 */
export function judgeCollectorResult(res: CollectorResult, host: string, ctx: JudgeContext, warnings: string[] = []): HostOutcome {
  if (res.over_limit) return { host, status: 'failed', error: outputOverLimit(res.over_limit), raw: null, warnings, permanent: true };
  const raw = res.stdout ? readCollectorOutput(res.stdout) : null;
  if (raw) warnings.push(...raw.warnings);
  const rc = res.rc;
  const msg = oneLine(res.msg ?? '');
  if (rc === 124 || rc === 137 || /timed out|expected time frame|timeout/i.test(msg)) {
    return { host, status: 'timeout', error: `collection did not finish in time on the node (--timeout ${ctx.timeoutS}s per step)`, raw, warnings };
  }
  if (raw?.fatal) return { host, status: 'failed', error: raw.fatal, raw, warnings };
  if (!raw || !raw.started) {
    const detail = oneLine(res.stderr || res.module_stderr || res.msg || res.stdout || 'no output');
    return { host, status: 'failed', error: `the collector did not run: ${detail}`, raw, warnings };
  }
  if (!raw.finished) {
    return { host, status: 'failed', error: 'the collector stopped before its end (killed, or its output was cut off)', raw, warnings };
  }
  const url = ctx.urlOf(host);
  const bad = raw.samples.find((s) => !hasGoroutines(s) || s.errors.length > 0);
  if (bad || raw.samples.length === 0) {
    const err = bad?.errors[0] ?? 'no samples were taken';
    const status: HostStatus = /\(28\)|timed out/i.test(err) ? 'timeout' : 'failed';
    const ok = raw.samples.filter(hasGoroutines).length;
    const prefix = raw.samples.length > 1 && ok > 0 ? `sample ${(bad?.index ?? 0) + 1} of ${raw.samples.length} failed (${ok} ok): ` : '';
    return { host, status, error: prefix + explainFetchError(err, url, ctx.timeoutS), raw, warnings };
  }
  return { host, status: 'ok', error: null, raw, warnings };
}

/** Turns curl/wget failures into words a person can act on. */
export function explainFetchError(err: string, url: string, timeoutS: number): string {
  // The collector's line names the URL ("fetch URL/debug/pprof/goroutine failed: WHY"): only WHY
  // is looked at, so a port 4040 or a path with "refused" in it decides nothing.
  const why = /^fetch \S+ failed: /.exec(err) ? err.replace(/^fetch \S+ failed: /, '') : err;
  const status = httpStatusOf(why);
  if (status === 404) return `pprof at ${url} answered 404: is net/http/pprof registered on that port?`;
  if (status !== null) return `pprof at ${url} answered HTTP ${status}: ${oneLine(why)}`;
  if (/\(7\)|Connection refused|connect to .* failed/i.test(why)) return `pprof at ${url} refused the connection: is the Go service running and serving net/http/pprof there?`;
  if (/\(28\)|timed out/i.test(why)) return `pprof at ${url} did not answer within ${timeoutS}s: the service may be hung or overloaded`;
  if (/\(22\)/.test(why)) return `pprof at ${url} answered an HTTP error: ${oneLine(why)}`;
  if (/\(6\)|resolve/i.test(why)) return `pprof host in ${url} does not resolve on the node`;
  if (/\(52\)|\(56\)|Empty reply|reset/i.test(why)) return `pprof at ${url} closed the connection without an answer`;
  return oneLine(err);
}

/** The HTTP status in curl's (`returned error: 500`), GNU wget's (`ERROR 500`) or BusyBox wget's (`HTTP/1.1 500`) words. */
function httpStatusOf(why: string): number | null {
  const m = /returned error:\s*(\d{3})\b|\bERROR (\d{3})\b|\bHTTP\/[\d.]+ (\d{3})\b/.exec(why);
  return m ? Number(m[1] ?? m[2] ?? m[3]) : null;
}

/** Turns an SSH connection failure (OpenSSH's wording, which ssh2's mimics) into words a person can act on. */
export function explainUnreachable(message: string): string {
  const msg = oneLine(message);
  // A changed key is no key to add: it is a reinstalled host, or someone in between.
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed|POSSIBLE DNS SPOOFING/i.test(msg)) {
    return `SSH host key CHANGED: the host's key differs from the one in known_hosts; this may be an interception (man-in-the-middle) or a reinstalled host: verify the new key out of band before replacing the known_hosts entry (--accept-new-host-keys never accepts a changed key): ${msg}`;
  }
  if (/Host key verification failed/i.test(msg)) return `SSH host key not trusted (host key checking is on; add the key to known_hosts or use --accept-new-host-keys): ${msg}`;
  if (/Connection refused/i.test(msg)) return `SSH connection refused: is sshd running on the host? (${msg})`;
  if (/timed out|No route to host/i.test(msg)) return `SSH could not reach the host: ${msg}`;
  if (/Permission denied/i.test(msg)) return `SSH login refused (check ansible_user and keys): ${msg}`;
  return msg;
}
