// `fleet-diag watch` end to end on a test fleet of its own (prefix fdg, 10.216.0.0/24): two runs
// write the CSV series and the Prometheus textfile, and a leak is alerted to a real HTTP receiver
// (DingTalk signed, and a generic webhook) that runs in the controller namespace beside fleet-diag.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa, type ResultPromise } from 'execa';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

process.env.FLEET_NS = 'fdg';
process.env.FLEET_NET = '216';
type FleetModule = typeof import('../fleet/fleet.js');
const isRoot = process.getuid?.() === 0;

const SECRET = 'SECintegration0123456789abcdef';
const TOKEN = 'dingtalk-token-in-url-5150';
const PORT = 18316;

/** Records every request as a JSON line; answers like DingTalk does. */
const RECEIVER = `
import http from 'node:http';
import { appendFileSync } from 'node:fs';
const [port, out] = process.argv.slice(2);
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    appendFileSync(out, JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }) + '\\n');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"errcode":0,"errmsg":"ok"}');
  });
}).listen(Number(port), '127.0.0.1', () => console.log('listening'));
`;

interface Req { method: string; url: string; headers: Record<string, string>; body: string }

describe.skipIf(!isRoot)('fleet-diag watch on a test fleet', () => {
  let F: FleetModule;
  let fleet: Awaited<ReturnType<FleetModule['startFleet']>>;
  let work: string;
  let receiver: ResultPromise;
  let result: { exitCode: number; stdout: string; stderr: string };
  let requests: Req[];

  beforeAll(async () => {
    F = await import('../fleet/fleet.js');
    await execa('npx', ['tsc', '-p', '.'], { cwd: F.repoRoot });
    fleet = await F.startFleet([{ leak: 'none' }, { leak: 'chan-receive', rate: 50 }, { service: 'stopped' }], { ns: 'fdg', net: 216 });
    work = mkdtempSync(path.join(os.tmpdir(), 'fd-watch-it-'));
    writeFileSync(path.join(work, 'receiver.mjs'), RECEIVER);
    receiver = execa('ip', ['netns', 'exec', fleet.ctl, process.execPath, path.join(work, 'receiver.mjs'), String(PORT), path.join(work, 'received.jsonl')], { reject: false, buffer: false });
    await new Promise<void>((resolve, reject) => {
      receiver.stdout!.once('data', () => resolve());
      setTimeout(() => reject(new Error('receiver did not start')), 10_000);
    });
    const r = await F.fleetDiag([
      'watch', '-i', fleet.inventoryPath, '--every', '2s', '--iterations', '2', '--samples', '3', '--interval', '3s', '--retries', '0', '--timeout', '8s', '--max-concurrent', '100%',
      '--csv', path.join(work, 'series.csv'), '--prom', path.join(work, 'textfile', 'fleet_diag.prom'), '--snapshots', path.join(work, 'snap'),
      '--webhook', `http://127.0.0.1:${PORT}/hook`, '--audit-log', path.join(work, 'audit.jsonl'),
    ], { fleet, timeout: 80_000, env: { FLEET_DIAG_DINGTALK_URL: `http://127.0.0.1:${PORT}/robot/send?access_token=${TOKEN}`, FLEET_DIAG_DINGTALK_SECRET: SECRET } });
    result = { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
    requests = existsSync(path.join(work, 'received.jsonl'))
      ? readFileSync(path.join(work, 'received.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
      : [];
  }, 150_000);

  afterAll(async () => {
    receiver?.kill('SIGTERM');
    await F?.stopFleet({ ns: 'fdg', net: 216 });
  });

  it('runs twice and exits 2 because one host could not be read', () => {
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/iteration 1: partial, 2\/3 host\(s\) collected/);
    expect(result.stderr).toMatch(/iteration 2: partial, 2\/3 host\(s\) collected/);
  });

  it('appends a CSV series: one row per host per run, error rows for the host it could not read', () => {
    const [header, ...rows] = readFileSync(path.join(work, 'series.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    expect(header.slice(0, 6)).toEqual(['timestamp', 'host', 'status', 'goroutines', 'threads', 'ESTABLISHED']);
    expect(rows.map((r) => `${r[1]}:${r[2]}`)).toEqual(['h1:ok', 'h2:ok', 'h3:error', 'h1:ok', 'h2:ok', 'h3:error']);
    const col = (r: string[], name: string) => r[header.indexOf(name)];
    for (const r of rows.filter((x) => x[2] === 'ok')) {
      expect(Number(col(r, 'goroutines'))).toBeGreaterThan(0);
      expect(Number(col(r, 'threads'))).toBeGreaterThan(1);
      expect(Number(col(r, 'LISTEN'))).toBeGreaterThanOrEqual(2);
    }
    expect(Number(col(rows[4], 'goroutines'))).toBeGreaterThan(Number(col(rows[1], 'goroutines'))); // h2 leaks
    expect(col(rows[2], 'goroutines')).toBe('');
    expect(rows[2].at(-1)).toMatch(/failed|refused/);
  });

  it('writes the Prometheus textfile atomically', () => {
    const dir = path.join(work, 'textfile');
    expect(readdirSync(dir)).toEqual(['fleet_diag.prom']);
    const text = readFileSync(path.join(dir, 'fleet_diag.prom'), 'utf8');
    expect(text).toMatch(/^fleet_diag_goroutines\{host="h2"\} \d+$/m);
    expect(text).toMatch(/^fleet_diag_threads\{host="h1"\} \d+$/m);
    expect(text).toMatch(/^fleet_diag_sockets\{host="h1",state="LISTEN"\} \d+$/m);
    expect(text).toMatch(/^fleet_diag_leaking_groups\{host="h2"\} [1-9]\d*$/m);
    expect(text).toContain('fleet_diag_collect_success{host="h1"} 1');
    expect(text).toContain('fleet_diag_collect_success{host="h3"} 0');
  });

  it('alerts the leak once per host and site: DingTalk markdown, signed; the generic webhook with every field', () => {
    const site = F.leakSite('chan-receive');
    const ding = requests.filter((r) => r.url.startsWith('/robot/send'));
    const hook = requests.filter((r) => r.url === '/hook');
    expect(ding.length).toBeGreaterThanOrEqual(1);
    expect(hook).toHaveLength(ding.length);
    const q = new URL(ding[0].url, 'http://x').searchParams;
    expect(q.get('access_token')).toBe(TOKEN);
    expect(q.get('sign')).toBe(createHmac('sha256', SECRET).update(`${q.get('timestamp')}\n${SECRET}`).digest('base64'));
    const msg = JSON.parse(ding[0].body);
    expect(msg.msgtype).toBe('markdown');
    expect(msg.markdown.text).toContain(`h2: leaking at ${site.location}`);
    const alerts = hook.flatMap((r) => JSON.parse(r.body).alerts as { status: string; host: string; site: string; location: string; reason: string }[]);
    const leak = alerts.filter((a) => a.location === site.location);
    expect(leak[0]).toMatchObject({ status: 'firing', host: 'h2', reason: 'new' });
    // The same site is sent again only if it changed (e.g. suspect → leaking), never as a plain repeat.
    expect(leak.slice(1).every((a) => a.reason === 'changed')).toBe(true);
    expect(alerts.every((a) => a.host === 'h2')).toBe(true);
  });

  it('keeps snapshots, and never writes the DingTalk token or secret to output, state or audit', async () => {
    const snaps = readdirSync(path.join(work, 'snap')).filter((n) => n !== 'alert-state.json');
    expect(snaps).toHaveLength(2);
    for (const s of snaps) expect(existsSync(path.join(work, 'snap', s, 'report.json'))).toBe(true);
    const everything = [result.stdout, result.stderr, readFileSync(path.join(work, 'audit.jsonl'), 'utf8'), readFileSync(path.join(work, 'snap', 'alert-state.json'), 'utf8')].join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(SECRET);
    const audit = readFileSync(path.join(work, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(audit.map((a) => `${a.type}${a.kind ? `:${a.kind}` : ''}`)).toEqual(['start:watch', 'start', 'end', 'start', 'end', 'end:watch']);
    const v = await F.fleetDiag(['audit', 'verify', '--audit-log', path.join(work, 'audit.jsonl')], { fleet });
    expect(v.exitCode, v.stdout).toBe(0);
  });
});
