// `gate --serve` against hostile callers: raw request lines that no URL parser takes, a web page
// in the operator's browser (cross-site POST, DNS rebinding), and callers without the token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa, type ResultPromise } from 'execa';
import net from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bin, buildCli } from '../helpers/build.js';
import { serveGate, requestPath } from '../../../src/gate/serve.js';

/** Sends bytes as they are and returns the status line of the answer ('' when the connection just closed). */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.end(text));
    let got = '';
    sock.on('data', (d) => (got += d.toString('latin1')));
    sock.on('close', () => resolve(got.split('\r\n')[0]));
    sock.on('error', reject);
    sock.setTimeout(10_000, () => sock.destroy(new Error('no answer')));
  });
}
const get = (port: number, target: string, host = `127.0.0.1:${port}`) => raw(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);

const BAD_TARGETS = ['//[', '//:99999/x', 'http://[::1', '//%', '/%zz', '/a b'.replace(' ', '\u0001')];

describe('gate --serve (the real CLI) survives request lines no URL parser takes', () => {
  let work: string;
  let server: ResultPromise;
  let port = 0;
  let stderr = '';
  beforeAll(async () => {
    buildCli();
    work = mkdtempSync(path.join(os.tmpdir(), 'fd-serve-'));
    writeFileSync(path.join(work, 'inv.ini'), 'h1 ansible_connection=local\n');
    server = execa(process.execPath, [bin, 'gate', '-i', path.join(work, 'inv.ini'), '--count', '1', '--serve', '0', '--audit-log', path.join(work, 'audit.jsonl')], { cwd: work, reject: false, env: { CI: '1' } });
    server.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    for (let i = 0; i < 200 && !port; i++) {
      port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1] ?? 0);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(port, stderr).toBeGreaterThan(0);
  }, 180_000);
  afterAll(async () => {
    server?.kill('SIGTERM');
    await server;
  });

  it.each(BAD_TARGETS)('answers 400 to GET %j and keeps serving', async (target) => {
    expect(await get(port, target)).toBe('HTTP/1.1 400 Bad Request');
    expect(await get(port, '/healthz')).toBe('HTTP/1.1 200 OK');
    expect(server.exitCode).toBeNull();
  });

  it('logs each refusal on one line', () => {
    expect(stderr).toMatch(/webhook: refused \(400\): bad request target '\/\/\['/);
    expect(stderr).not.toMatch(/TypeError|Invalid URL/);
  });
});

describe('who may call the webhook', () => {
  let runs = 0;
  let srv: Awaited<ReturnType<typeof serveGate>>;
  const logs: string[] = [];
  const TOKEN = 'a'.repeat(40);
  beforeAll(async () => {
    srv = await serveGate({
      port: 0, token: TOKEN, allowHosts: ['gate.internal:8080'], log: (l) => logs.push(l),
      evaluate: async () => {
        runs++;
        return { phase: 'Successful' as const, message: 'ok' };
      },
    });
  });
  afterAll(() => srv.close());
  const post = (headers: Record<string, string>, body = '{}') => {
    const h = { Host: `127.0.0.1:${srv.port}`, 'Content-Type': 'text/plain', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close', ...headers };
    return raw(srv.port, `POST /gate HTTP/1.1\r\n${Object.entries(h).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`);
  };

  it('refuses a cross-site POST from a web page, and a DNS-rebinding Host, before running anything', async () => {
    expect(await post({ Origin: 'http://evil.example', Authorization: `Bearer ${TOKEN}` })).toMatch(/^HTTP\/1\.1 403/);
    expect(await post({ Origin: 'null', Authorization: `Bearer ${TOKEN}` })).toMatch(/^HTTP\/1\.1 403/);
    expect(await post({ 'Sec-Fetch-Site': 'cross-site', Authorization: `Bearer ${TOKEN}` })).toMatch(/^HTTP\/1\.1 403/);
    expect(await post({ Host: `evil.example:${srv.port}`, Authorization: `Bearer ${TOKEN}` })).toMatch(/^HTTP\/1\.1 403/);
    expect(await post({ Host: 'localhost:1', Authorization: `Bearer ${TOKEN}` })).toMatch(/^HTTP\/1\.1 403/);
    expect(runs).toBe(0);
    expect(logs.some((l) => /refused \(403\): cross-site request refused \(Origin 'http:\/\/evil\.example'\)/.test(l))).toBe(true);
  });

  it('wants the token: Bearer header or Flagger metadata.token', async () => {
    expect(await post({})).toMatch(/^HTTP\/1\.1 401/);
    expect(await post({ Authorization: 'Bearer wrong' })).toMatch(/^HTTP\/1\.1 401/);
    expect(await post({}, JSON.stringify({ name: 'x', metadata: { token: 'wrong' } }))).toMatch(/^HTTP\/1\.1 401/);
    expect(await get(srv.port, '/gate')).toMatch(/^HTTP\/1\.1 401/); // the last result is not for anyone either
    expect(runs).toBe(0);
    expect(await post({ Authorization: `Bearer ${TOKEN}` })).toBe('HTTP/1.1 200 OK');
    expect(await post({}, JSON.stringify({ name: 'podinfo', metadata: { token: TOKEN } }))).toBe('HTTP/1.1 200 OK');
    expect(await post({ Host: `localhost:${srv.port}`, Origin: `http://localhost:${srv.port}`, Authorization: `Bearer ${TOKEN}` })).toBe('HTTP/1.1 200 OK');
    expect(await post({ Host: 'gate.internal:8080', Authorization: `Bearer ${TOKEN}` })).toBe('HTTP/1.1 200 OK');
    expect(await post({ Host: `[::1]:${srv.port}`, Authorization: `Bearer ${TOKEN}` })).toBe('HTTP/1.1 200 OK');
    expect(runs).toBe(5);
    expect(await get(srv.port, '/healthz')).toBe('HTTP/1.1 200 OK');
  });

  it('reads only origin-form request targets', () => {
    expect(requestPath('/gate?x=1')).toBe('/gate');
    expect(requestPath('/')).toBe('/');
    for (const t of [...BAD_TARGETS, 'gate', '*', 'http://127.0.0.1/']) expect(requestPath(t), t).toBeNull();
  });
});

describe('gate --serve flags', () => {
  it('takes the token from a file or the environment, never from argv', async () => {
    const { serveAccess } = await import('../../../src/cli/serve-access.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-token-'));
    writeFileSync(path.join(dir, 't'), `${'b'.repeat(32)}\n`);
    expect(serveAccess({ serveToken: `@${path.join(dir, 't')}` }, true, {}).token).toBe('b'.repeat(32));
    expect(serveAccess({}, true, { FLEET_DIAG_GATE_TOKEN: 'c'.repeat(20) }).token).toBe('c'.repeat(20));
    expect(serveAccess({}, true, {}).token).toBeNull();
    expect(() => serveAccess({ serveToken: 'b'.repeat(32) }, true, {})).toThrow(/@FILE/);
    expect(() => serveAccess({}, true, { FLEET_DIAG_GATE_TOKEN: 'short' })).toThrow(/16 characters/);
    expect(() => serveAccess({ serveAllowHost: 'a b' }, true, {})).toThrow(/host\[:port\]/);
    expect(() => serveAccess({ serveAllowHost: 'gate.internal' }, false, {})).toThrow(/needs --serve/);
  });
});
