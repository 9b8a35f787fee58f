// `gate --serve PORT`: a webhook for Flagger (and anything that calls a URL and reads the status):
// each POST runs the gate (or joins the one already running) and answers 200 when Successful,
// 4xx otherwise, with the gate's JSON as the body. Loopback only; the caller's payload never
// changes what is gated (hosts and criteria come from the command line). Who may call it:
// serve-guard.ts (Host, Origin, an optional shared token).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Phase } from './types.js';
import { allowedHosts, bearerToken, checkHeaders, printable, sameSecret, type Refusal } from './serve-guard.js';

export const STATUS_FOR: Record<Phase, number> = { Successful: 200, Failed: 412, Inconclusive: 409, Error: 424 };

export interface Evaluation {
  phase: Phase;
  message: string;
}

export interface GateServer {
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

/**
 * The path of an origin-form request target (`/gate?x=1`), or null for anything else: an
 * absolute or authority form, `//…`, characters outside RFC 3986, a broken %-escape.
 */
export function requestPath(target: string): string | null {
  if (!target.startsWith('/') || target.startsWith('//')) return null;
  if (!/^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/.test(target)) return null;
  try {
    return new URL(target, 'http://localhost').pathname;
  } catch {
    return null;
  }
}

export async function serveGate<T extends Evaluation>(opts: {
  port: number;
  host?: string;
  evaluate: () => Promise<T>;
  log?: (line: string) => void;
  /** Extra `host[:port]` names to answer to besides 127.0.0.1, localhost and [::1] with the port. */
  allowHosts?: string[];
  /** A shared secret every caller must present (Bearer header, or `metadata.token` in the body). */
  token?: string | null;
}): Promise<GateServer> {
  const log = opts.log ?? (() => {});
  let inflight: Promise<T> | null = null;
  let last: T | null = null;
  let allowed = new Set<string>();
  const token = opts.token ?? null;

  const send = (res: http.ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}) => {
    if (res.headersSent || res.destroyed) return;
    const text = `${JSON.stringify(body)}\n`;
    res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };
  const refuse = (res: http.ServerResponse, r: Refusal) => {
    log(`webhook: refused (${r.status}): ${r.message}`);
    send(res, r.status, { message: r.message }, r.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
  };
  const unauthorized: Refusal = { status: 401, message: 'a token is required (Authorization: Bearer TOKEN, or metadata.token in the JSON body)' };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    // The request target is the caller's text: `//[`, `//:99999/x`, `http://[::1` must not end the server.
    const target = req.url ?? '/';
    const pathname = requestPath(target);
    if (pathname === null) return refuse(res, { status: 400, message: `bad request target '${printable(target)}'` });
    const bad = checkHeaders(req.headers, allowed);
    if (bad) return refuse(res, bad);
    if (req.method === 'GET' && pathname === '/healthz') return send(res, 200, { ok: true, running: inflight !== null });
    const bearer = bearerToken(req.headers);
    const bearerOk = token !== null && bearer !== null && sameSecret(bearer, token);
    if (token !== null && bearer !== null && !bearerOk) return refuse(res, { status: 401, message: 'wrong token' });
    if (req.method === 'GET') {
      if (token !== null && !bearerOk) return refuse(res, unauthorized);
      return last ? send(res, STATUS_FOR[last.phase], last) : send(res, 404, { message: 'no gate has run yet; POST to run one' });
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'GET, POST');
      return send(res, 405, { message: 'use POST to run the gate' });
    }
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('error', () => {});
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', async () => {
      if (size > MAX_BODY) return send(res, 413, { message: 'payload too large' });
      let who = 'caller';
      let bodyToken: string | null = null;
      try {
        const p = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { name?: unknown; namespace?: unknown; phase?: unknown; metadata?: { token?: unknown } };
        if (typeof p.name === 'string') who = `${typeof p.namespace === 'string' ? `${p.namespace}/` : ''}${p.name}${typeof p.phase === 'string' ? ` (${p.phase})` : ''}`;
        if (typeof p.metadata?.token === 'string') bodyToken = p.metadata.token;
      } catch {
        /* the payload is informational only */
      }
      if (token !== null && !bearerOk && !(bodyToken !== null && sameSecret(bodyToken, token))) return refuse(res, bodyToken === null ? unauthorized : { status: 401, message: 'wrong token' });
      who = printable(who.slice(0, 200));
      const joined = inflight !== null;
      log(`webhook from ${who}: ${joined ? 'joining the gate already running' : 'running the gate'}`);
      try {
        inflight ??= opts.evaluate().finally(() => {
          inflight = null;
        });
        const r = await inflight;
        last = r;
        log(`webhook from ${who}: ${r.phase}: answered ${STATUS_FOR[r.phase]}`);
        send(res, STATUS_FOR[r.phase], r);
      } catch (err) {
        log(`webhook: gate error: ${(err as Error).message}`);
        send(res, STATUS_FOR.Error, { phase: 'Error', message: (err as Error).message });
      }
    });
  };

  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      // Whatever a request does, the server (and a gate in progress) goes on.
      log(`webhook: internal error answering a request: ${(err as Error).message}`);
      send(res, 500, { message: 'internal error' });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  allowed = allowedHosts({ port: (server.address() as AddressInfo).port, allowHosts: opts.allowHosts });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
