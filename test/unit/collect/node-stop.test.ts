// The node side of stopping a run (roles/goroutine_snapshot/files/stop.sh), run here for real:
// it ends this run's collector and nothing else, removes what the run left (spool, work directory,
// Ansible's async wrapper with its job file and temporary directory) and hands back the spool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectorArgv, collectorCommand, collectorSettings, collectorTag, loadCollectorScript, loadStopScript, stopCommand } from '../../../src/collect/collector-command.js';
import { readCollectorOutput } from '../../../src/collect/protocol.js';

const D1 = 'goroutine profile: total 2\n2 @ 0x1 0x2\n#\t0x1\tmain.f+0x1\t/x/main.go:3\n';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pgrep = async (pattern: string) => (await execa('pgrep', ['-f', pattern], { reject: false })).stdout.split('\n').filter(Boolean);

describe('stopping one run on a node', () => {
  let server: http.Server;
  let url: string;
  let hangUrl: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url?.startsWith('/hang/')) return; // never answers
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(D1);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    hangUrl = `${url}/hang`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });

  const settings = collectorSettings({ samples: 4, intervalMs: 1000, timeoutMs: 5000, debug2Cap: 10_000, fullStacks: false });

  it("ends this run's collector only: another run's on the same host finishes with all its samples", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'fd-home-'));
    const script = await loadCollectorScript();
    const [tagA, tagB] = [collectorTag('run-a', 'h1'), collectorTag('run-b', 'h1')];
    const env = { HOME: home, TMPDIR: home };
    const start = (tag: string) => {
      const argv = collectorArgv(script, { pprofUrl: url, process: '' }, settings, { tag, spool: true });
      return execa(argv[0], argv.slice(1), { env, reject: false, stdin: 'ignore' });
    };
    const a = start(tagA);
    const b = start(tagB);
    // Both have taken their first sample (spooled), then the run A is stopped.
    for (let i = 0; i < 50 && !(existsSync(path.join(home, '.fleet-diag', tagA)) && existsSync(path.join(home, '.fleet-diag', tagB))); i++) await sleep(100);
    await sleep(300);
    expect((await pgrep(`fleet-diag-[c]ollector:${tagA}`)).length).toBeGreaterThan(0);
    const stop = await execa('sh', ['-c', stopCommand(await loadStopScript(), tagA)], { env, reject: false });
    expect(stop.exitCode).toBe(0);

    const ra = await a;
    expect(ra.exitCode).not.toBe(0); // ended by the stop
    // What A had spooled comes back from the stop: a started collection with its first sample.
    const spooled = readCollectorOutput(stop.stdout);
    expect(spooled.started).toBe(true);
    expect(spooled.samples[0].files.debug1?.toString()).toBe(D1);
    expect(spooled.finished).toBe(false);

    const rb = await b;
    expect(rb.exitCode).toBe(0);
    const got = readCollectorOutput(rb.stdout);
    expect(got.finished).toBe(true);
    expect(got.samples.filter((s) => s.files.debug1)).toHaveLength(4);

    // Nothing of either run is left: no process, no spool, no work directory.
    expect(await pgrep(`fleet-diag-[c]ollector:(${tagA}|${tagB})`)).toEqual([]);
    expect(readdirSync(path.join(home, '.fleet-diag'))).toEqual([]);
    expect(readdirSync(home).filter((f) => f.startsWith('fleet-diag.'))).toEqual([]);
  }, 30_000);

  it('removes the spool and work directory when the node-side timeout ends the collector', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'fd-home-'));
    const tag = collectorTag('run-t', 'h1');
    const argv = collectorArgv(await loadCollectorScript(), { pprofUrl: hangUrl, process: '' }, settings, { tag, spool: true });
    expect(argv[3]).toBe(String(settings.budgetS));
    argv[3] = '2'; // the node-side bound fires while the fetch hangs
    const r = await execa(argv[0], argv.slice(1), { env: { HOME: home, TMPDIR: home }, reject: false, stdin: 'ignore' });
    expect(r.exitCode).toBe(124);
    expect(r.stdout).toMatch(/@@fd sample 0/);
    expect(readdirSync(path.join(home, '.fleet-diag'))).toEqual([]);
    expect(readdirSync(home).filter((f) => f.startsWith('fleet-diag.'))).toEqual([]);
  }, 30_000);

  it("ends Ansible's async wrapper around the collector and removes its job file and temporary directory", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'fd-home-'));
    const tag = collectorTag('run-w', 'localhost');
    const cmd = collectorCommand(await loadCollectorScript(), { pprofUrl: hangUrl, process: '' }, settings, { tag, spool: true });
    const env = { HOME: home, TMPDIR: home, ANSIBLE_REMOTE_TMP: path.join(home, '.ansible', 'tmp'), ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'False' };
    const started = await execa('ansible', ['all', '-i', 'localhost,', '-c', 'local', '-m', 'shell', '-a', cmd, '-B', '120', '-P', '0'], { env, reject: false });
    expect(started.stdout, started.stderr).toMatch(/ansible_job_id/);
    // The wrapper (its argv names its files under this HOME) and the collector are running.
    await sleep(1000);
    expect((await pgrep(`async_wrapper.py.*${home}`)).length).toBeGreaterThan(0);
    expect((await pgrep(`fleet-diag-[c]ollector:${tag}`)).length).toBeGreaterThan(0);
    expect(readdirSync(path.join(home, '.ansible_async'))).toHaveLength(1);

    const stop = await execa('sh', ['-c', stopCommand(await loadStopScript(), tag)], { env, reject: false });
    expect(stop.exitCode).toBe(0);
    expect(readCollectorOutput(stop.stdout).started).toBe(true);
    // At once, not at the wrapper's next 5 s check.
    expect(await pgrep(`async_wrapper.py.*${home}`)).toEqual([]);
    expect(await pgrep(`fleet-diag-[c]ollector:${tag}`)).toEqual([]);
    expect(readdirSync(path.join(home, '.ansible_async'))).toEqual([]);
    expect(readdirSync(path.join(home, '.ansible', 'tmp')).filter((f) => f.startsWith('ansible-tmp-'))).toEqual([]);
    expect(readdirSync(path.join(home, '.fleet-diag'))).toEqual([]);
    await sleep(500); // the module process sees its wrapper gone and ends
    expect(readdirSync(home).filter((f) => f.startsWith('fleet-diag.') || /^ansible_.*_payload_/.test(f))).toEqual([]);
  }, 60_000);

  it('refuses a tag that is not one', () => {
    expect(() => stopCommand('x', "a'; rm -rf ~; '")).toThrow(/not a collector tag/);
    expect(collectorTag('20260101T000000Z-ab12cd34', 'web-01.example.com')).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(collectorTag('r', 'h1')).not.toBe(collectorTag('r', 'h2'));
  });
});
