// A pprof URL that answers an HTTP error, through the real collector (collect.sh run here) and judge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectorArgv, collectorSettings, loadCollectorScript } from '../../../src/collect/collector-command.js';
import { execLocal } from '../../../src/executors/ssh/run-collector.js';
import { explainFetchError, judgeCollectorResult } from '../../../src/collect/judge-result.js';

describe('pprof answering an HTTP error', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.writeHead(req.url?.includes('/gone/') ? 404 : 500, { 'content-type': 'text/plain' });
      res.end('nope\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  async function judged(url: string) {
    const settings = collectorSettings({ samples: 1, intervalMs: 0, timeoutMs: 5000, debug2Cap: 10_000, fullStacks: false });
    const run = await execLocal(collectorArgv(await loadCollectorScript(), { pprofUrl: url, process: '' }, settings), new AbortController().signal);
    return judgeCollectorResult({ stdout: run.stdout, stderr: run.stderr, rc: run.rc ?? undefined }, 'h1', { urlOf: () => url, timeoutS: 5 });
  }

  it('says 500 for a 500, even when the URL has 404 in it', async () => {
    const o = await judged(`${base}/404`);
    expect(o.status).toBe('failed');
    expect(o.error).toMatch(/answered HTTP 500/);
    expect(o.error).not.toMatch(/answered 404/);
  });
  it('says 404 for a 404', async () => {
    const o = await judged(`${base}/gone`);
    expect(o.error).toMatch(/answered 404: is net\/http\/pprof registered/);
  });
  it('reads the status in curl, GNU wget and BusyBox wget words, not in the URL', () => {
    const url = 'http://10.0.0.1:4040';
    expect(explainFetchError(`fetch ${url}/debug/pprof/goroutine failed: curl: (22) The requested URL returned error: 500`, url, 5)).toMatch(/answered HTTP 500/);
    expect(explainFetchError(`fetch ${url}/debug/pprof/goroutine failed: curl: (22) The requested URL returned error: 404 Not Found`, url, 5)).toMatch(/answered 404/);
    expect(explainFetchError('fetch http://h:6060/debug/pprof/goroutine failed: 2026-01-01 ERROR 503: Service Unavailable.', 'http://h:6060', 5)).toMatch(/answered HTTP 503/);
    expect(explainFetchError('fetch http://h:6060/debug/pprof/goroutine failed: wget: server returned error: HTTP/1.1 404 Not Found', 'http://h:6060', 5)).toMatch(/answered 404/);
    // A host or path that merely contains words of another failure decides nothing.
    expect(explainFetchError('fetch http://resolver.timed:6060/debug/pprof/goroutine failed: curl: (7) Failed to connect to resolver.timed port 6060', 'http://resolver.timed:6060', 5)).toMatch(/refused the connection/);
  });
});
