// Who may talk to `gate --serve`. Loopback alone does not keep a web page out: a page in the
// operator's browser can POST to 127.0.0.1 (a "simple" cross-site request needs no preflight),
// and a DNS-rebinding name reaches it with its own Host header. So every request must name this
// server in Host (127.0.0.1, localhost or [::1] with the listening port, or a name allowed with
// --serve-allow-host), must not come from another site (Origin, Sec-Fetch-Site), and, when a
// token is set (--serve-token @FILE or FLEET_DIAG_GATE_TOKEN), must carry it.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface GuardOptions {
  /** The port the server listens on. */
  port: number;
  /** Extra `host[:port]` names the server answers to (a reverse proxy, a port-forward). */
  allowHosts?: string[];
  /** Shared secret the caller must present; null: none required. */
  token?: string | null;
}

export interface Refusal {
  status: 400 | 401 | 403;
  message: string;
}

/** `host[:port]` in lower case, with the port made explicit (80 when absent). */
function normalHost(value: string): string | null {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!m) return null;
  return `${m[1].toLowerCase()}:${m[2] ?? '80'}`;
}

export function allowedHosts(o: GuardOptions): Set<string> {
  const out = new Set(['127.0.0.1', 'localhost', '[::1]'].map((h) => `${h}:${o.port}`));
  for (const h of o.allowHosts ?? []) {
    const n = normalHost(h);
    if (n) out.add(n);
  }
  return out;
}

/** Compares two secrets in constant time (also for different lengths). */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** The token a caller presents: `Authorization: Bearer T` (or Flagger's `metadata.token` in the body, checked later). */
export function bearerToken(headers: IncomingHttpHeaders): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return m ? m[1] : null;
}

/** Why this request's headers are refused, or null. The token may still come in the body. */
export function checkHeaders(headers: IncomingHttpHeaders, allowed: Set<string>): Refusal | null {
  const host = headers.host;
  if (!host) return { status: 400, message: 'no Host header' };
  const h = normalHost(host);
  if (!h || !allowed.has(h)) {
    return { status: 403, message: `Host '${printable(host)}' is not this server (answers to ${[...allowed].join(', ')}; add names with --serve-allow-host)` };
  }
  const origin = headers.origin;
  if (origin !== undefined) {
    let o: string | null = null;
    try {
      const u = new URL(origin);
      o = u.protocol === 'http:' ? normalHost(u.host) : null;
    } catch {
      o = null;
    }
    if (!o || !allowed.has(o)) return { status: 403, message: `cross-site request refused (Origin '${printable(origin)}')` };
  }
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return { status: 403, message: `cross-site request refused (Sec-Fetch-Site: ${printable(site)})` };
  return null;
}

/** A header value fit for one log line. */
export function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?').slice(0, 120);
}
