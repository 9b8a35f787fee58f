import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectHost, type HostContext } from '../../../src/executors/ssh/collect-host.js';
import { collectorSettings, loadCollectorScript } from '../../../src/collect/collector-command.js';
import { HostKeyStore } from '../../../src/executors/ssh/host-keys.js';

// The real collector on this machine (ansible_connection=local), against a port nothing listens on.
const target = { host: 'localhost', pprofUrl: 'http://127.0.0.1:9', process: '', configError: null };
const local = { kind: 'local' as const, host: 'localhost' };

async function context(over: Partial<HostContext> & { samples?: number; intervalMs?: number } = {}): Promise<HostContext> {
  const settings = collectorSettings({ samples: over.samples ?? 1, intervalMs: over.intervalMs ?? 0, timeoutMs: 2000, debug2Cap: 10_000, fullStacks: false });
  return {
    script: await loadCollectorScript(),
    settings,
    keys: new HostKeyStore(false),
    judge: { urlOf: () => target.pprofUrl, timeoutS: settings.timeoutS },
    connectTimeoutMs: 5000,
    boundMs: (settings.budgetS + 10) * 1000,
    signal: new AbortController().signal,
    touched: () => {},
    tagOf: (h: string) => `test-${h.replace(/[^A-Za-z0-9_-]/g, '_')}`,
    ...over,
  };
}

const collectors = async () => (await execa('pgrep', ['-f', 'fleet-diag-[c]ollector:test-[^ ]* http://127.0.0.1:9 '], { reject: false })).stdout.trim();

describe('collecting one host', () => {
  it('judges a local run like the Ansible path: refused pprof is a failed host, in words', async () => {
    const r = await collectHost(local, target, await context());
    expect(r.outcome).toMatchObject({ host: 'localhost', status: 'failed', raw: { started: true, finished: true } });
    expect(r.outcome.error).toMatch(/pprof at http:\/\/127\.0\.0\.1:9 refused the connection/);
    expect(r.event).toMatchObject({ event: 'runner_ok', host: 'localhost', task: 'fleet-diag snapshot', res: { rc: 0 } });
  });

  it('stops a host at its hard bound and calls it a timeout, leaving no collector behind', async () => {
    const started = Date.now();
    const r = await collectHost(local, target, await context({ samples: 3, intervalMs: 5000, boundMs: 1500 }));
    expect(Date.now() - started).toBeLessThan(8000);
    expect(r.outcome.status).toBe('timeout');
    expect(r.outcome.error).toMatch(/did not finish in time/);
    expect(r.event).toMatchObject({ event: 'runner_failed', res: { msg: expect.stringMatching(/^timed out/) } });
    await new Promise((res) => setTimeout(res, 300));
    expect(await collectors()).toBe('');
  });

  it('keeps the samples that streamed in before an interrupt', async () => {
    // A stand-in pprof endpoint: the cheap profile only.
    const server = http.createServer((req, res) => {
      if (req.url === '/debug/pprof/goroutine?debug=1') res.end('goroutine profile: total 3\n3 @ 0x1\n#\t0x1\tmain.f+0x1\t/src/main.go:10\n\n');
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const stop = new AbortController();
      const ctx = await context({ samples: 3, intervalMs: 5000, signal: stop.signal });
      const run = collectHost(local, { ...target, pprofUrl: url }, { ...ctx, judge: { ...ctx.judge, urlOf: () => url } });
      setTimeout(() => stop.abort(), 2000);
      const r = await run;
      expect(r.interrupted).toBe(true);
      expect(r.event).toBeNull();
      expect(r.outcome).toMatchObject({ status: 'failed', error: 'stopped after 1 of 3 samples: the run was interrupted' });
      expect(r.outcome.raw?.samples[0]).toMatchObject({ total: 3 });
      expect(r.outcome.raw?.samples[0].files.debug1?.toString()).toMatch(/main\.go:10/);
      await new Promise((res) => setTimeout(res, 300));
      expect((await execa('pgrep', ['-f', `fleet-diag-[c]ollector ${url} `], { reject: false })).stdout).toBe('');
    } finally {
      server.close();
    }
  });

  it('gives up before starting when the run is already stopped', async () => {
    const stop = new AbortController();
    stop.abort();
    const r = await collectHost(local, target, await context({ signal: stop.signal }));
    expect(r).toMatchObject({ interrupted: true, outcome: { error: 'not collected: the run was interrupted', raw: null } });
  });

  it('reports hosts it cannot serve without connecting anywhere', async () => {
    const r = await collectHost({ kind: 'unsupported', host: 'h9', error: 'ansible_connection=docker is not supported by the ssh executor' }, { ...target, host: 'h9' }, await context());
    expect(r.outcome).toMatchObject({ status: 'failed', error: expect.stringMatching(/docker/) });
    expect(r.event?.event).toBe('runner_failed');
  });
});
