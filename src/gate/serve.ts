// `gate --serve PORT`: a webhook for Flagger (and anything that calls a URL and reads the status):
// each POST runs the gate (or joins the one already running) and answers 200 when Successful,
// 4xx otherwise, with the gate's JSON as the body. Loopback only; the caller's payload never
// changes what is gated (hosts and criteria come from the command line).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Phase } from './types.js';

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

export async function serveGate<T extends Evaluation>(opts: {
  port: number;
  host?: string;
  evaluate: () => Promise<T>;
  log?: (line: string) => void;
}): Promise<GateServer> {
  const log = opts.log ?? (() => {});
  let inflight: Promise<T> | null = null;
  let last: T | null = null;

  const send = (res: http.ServerResponse, code: number, body: unknown) => {
    const text = `${JSON.stringify(body)}\n`;
    res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/healthz') return send(res, 200, { ok: true, running: inflight !== null });
    if (req.method === 'GET') return last ? send(res, STATUS_FOR[last.phase], last) : send(res, 404, { message: 'no gate has run yet; POST to run one' });
    if (req.method !== 'POST') {
      res.setHeader('allow', 'GET, POST');
      return send(res, 405, { message: 'use POST to run the gate' });
    }
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', async () => {
      if (size > MAX_BODY) return send(res, 413, { message: 'payload too large' });
      let who = 'caller';
      try {
        const p = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { name?: unknown; namespace?: unknown; phase?: unknown };
        if (typeof p.name === 'string') who = `${typeof p.namespace === 'string' ? `${p.namespace}/` : ''}${p.name}${typeof p.phase === 'string' ? ` (${p.phase})` : ''}`;
      } catch {
        /* the payload is informational only */
      }
      const joined = inflight !== null;
      log(`webhook from ${who.slice(0, 200)}: ${joined ? 'joining the gate already running' : 'running the gate'}`);
      try {
        inflight ??= opts.evaluate().finally(() => {
          inflight = null;
        });
        const r = await inflight;
        last = r;
        log(`webhook from ${who.slice(0, 200)}: ${r.phase}: answered ${STATUS_FOR[r.phase]}`);
        send(res, STATUS_FOR[r.phase], r);
      } catch (err) {
        log(`webhook: gate error: ${(err as Error).message}`);
        send(res, STATUS_FOR.Error, { phase: 'Error', message: (err as Error).message });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
