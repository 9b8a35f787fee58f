// Whatever a node sends, the controller holds a bounded amount of it: a gzip bomb in a payload,
// output over the limit (ssh and Ansible paths), an oversized stored result (aggregate).
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readCollectorOutput } from '../../../src/collect/protocol.js';
import { MAX_ARTIFACT, MAX_INFLATED_PER_HOST, MAX_OUTPUT } from '../../../src/collect/limits.js';
import { collectorSettings, loadCollectorScript } from '../../../src/collect/collector-command.js';
import { collectHost, type HostContext } from '../../../src/executors/ssh/collect-host.js';
import { HostKeyStore } from '../../../src/executors/ssh/host-keys.js';
import { judgeHosts } from '../../../src/executors/ansible/judge.js';
import { EventTail } from '../../../src/executors/ansible/events.js';
import { aggregateDirs } from '../../../src/pipeline/aggregate.js';
import { UserError } from '../../../src/core/exit-codes.js';
import { repoRoot } from '../helpers/build.js';

const MB = 1024 * 1024;
const b64 = (b: Buffer) => b.toString('base64').replace(/(.{76})/g, '$1\n').trim();

function collection(files: { kind: string; sample: number; gz: Buffer }[]): string {
  const lines = ['@@fd hello 1', '@@fd sample 0 1', '@@fd total 0 2'];
  for (const f of files) lines.push(`@@fd file ${f.kind} ${f.sample} gz`, b64(f.gz), '@@fd end');
  lines.push('@@fd done');
  return lines.join('\n');
}

describe('gzip payloads from a node', () => {
  // 64 MB of zeros in 64 KB: a small bomb; the caps below are scaled down to it.
  const bomb = gzipSync(Buffer.alloc(64 * MB));
  const d1 = 'goroutine profile: total 2\n2 @ 0x1\n#\t0x1\tmain.f+0x1\t/x/main.go:3\n';

  it('refuses a payload that inflates past the per-artifact cap, naming it, and keeps the rest', () => {
    const r = readCollectorOutput(collection([{ kind: 'debug1', sample: 0, gz: gzipSync(d1) }, { kind: 'debug2', sample: 0, gz: bomb }]), { artifact: 16 * MB, total: 1024 * MB });
    expect(r.samples[0].files.debug1?.toString()).toBe(d1);
    expect(r.samples[0].files.debug2).toBeUndefined();
    expect(r.samples[0].errors).toEqual(['debug2 payload of sample 1 refused: it is larger than 16 MB once decompressed']);
  });
  it('caps all payloads of one host together', () => {
    const small = gzipSync(Buffer.alloc(10 * MB, 'a'));
    const r = readCollectorOutput(collection([0, 1, 2].map((i) => ({ kind: 'debug1', sample: i, gz: small }))), { artifact: 16 * MB, total: 25 * MB });
    expect(r.samples.filter((s) => s.files.debug1)).toHaveLength(2);
    expect(r.samples[2].errors[0]).toMatch(/refused: the host's profiles together exceed 25 MB/);
  });
  it('has caps by default', () => {
    expect(MAX_ARTIFACT).toBeLessThanOrEqual(512 * MB);
    expect(MAX_INFLATED_PER_HOST).toBeLessThanOrEqual(1024 * MB);
    expect(MAX_OUTPUT).toBeLessThanOrEqual(256 * MB);
  });
});

describe('output over the limit', () => {
  it('ssh executor: a failed host saying so, not unreachable, and not retried', async () => {
    const server = http.createServer((_req, res) => res.end('goroutine profile: total 3\n3 @ 0x1\n#\t0x1\tmain.f+0x1\t/src/main.go:10\n\n'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const settings = collectorSettings({ samples: 1, intervalMs: 0, timeoutMs: 5000, debug2Cap: 10_000, fullStacks: false });
      const ctx: HostContext = {
        script: await loadCollectorScript(), settings, keys: new HostKeyStore(false), judge: { urlOf: () => url, timeoutS: 5 },
        connectTimeoutMs: 5000, boundMs: 30_000, signal: new AbortController().signal, touched: () => {}, tagOf: () => 'test-over',
        maxOutputBytes: 200,
      };
      const r = await collectHost({ kind: 'local', host: 'localhost' }, { host: 'localhost', pprofUrl: url, process: '', configError: null }, ctx);
      expect(r.outcome.status).toBe('failed');
      expect(r.outcome.error).toMatch(/the collector printed more than .*: refused/);
      expect(r.outcome.permanent).toBe(true);
      expect(r.event).toMatchObject({ event: 'runner_failed' });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('Ansible path: our callback drops an output over the limit and the host fails saying so', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-over-'));
    const events = path.join(dir, 'events.jsonl');
    const r = await execa('ansible', ['all', '-i', 'localhost,', '-c', 'local', '-m', 'raw', '-a', "head -c 5000 /dev/zero | tr '\\0' a"], {
      reject: false,
      env: {
        ANSIBLE_CALLBACK_PLUGINS: path.join(repoRoot, 'src/executors/ansible/callback_plugins'), ANSIBLE_CALLBACKS_ENABLED: 'fleet_diag_events',
        ANSIBLE_LOAD_CALLBACK_PLUGINS: '1', FLEET_DIAG_EVENTS: events, FLEET_DIAG_MAX_OUTPUT: '1000', ANSIBLE_LOCALHOST_WARNING: 'False',
      },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(events, 'utf8').length).toBeLessThan(3000);
    const evs = await new EventTail(events).read();
    const ok = evs.find((e) => e.event === 'runner_ok')!;
    expect(ok.res).toMatchObject({ stdout: '', over_limit: 1000 });
    const judged = judgeHosts(evs.map((e) => ({ ...e, task: 'fleet-diag snapshot' })), ['localhost'], { urlOf: () => '', timeoutS: 5 }).get('localhost')!;
    expect(judged).toMatchObject({ status: 'failed', permanent: true });
    expect(judged.error).toMatch(/printed more than/);
  }, 60_000);

  it('EventTail skips a line longer than its bound instead of holding it', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'fd-tail-')), 'events.jsonl');
    writeFileSync(file, `${JSON.stringify({ event: 'playbook_start', ts: 1 })}\n${JSON.stringify({ event: 'runner_ok', ts: 2, res: { stdout: 'x'.repeat(3 * MB) } })}\n${JSON.stringify({ event: 'stats', ts: 3 })}\n`);
    const tail = new EventTail(file, 1 * MB);
    expect((await tail.read()).map((e) => e.event)).toEqual(['playbook_start', 'stats']);
    expect(tail.skipped).toBe(1);
  });

  it('aggregate refuses a stored result larger than any collector output, naming the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-agg-'));
    const file = path.join(dir, 'h1.json');
    writeFileSync(file, '{"host":"h1","stdout":"');
    truncateSync(file, MAX_OUTPUT + 64 * MB); // sparse: costs no disk
    const e = await aggregateDirs([dir], path.join(dir, 'out'), 'test').then(() => null, (err: Error) => err);
    expect(e).toBeInstanceOf(UserError);
    expect(e!.message).toContain(file);
    expect(e!.message).toMatch(/not read/);
  });
});
