import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HostKeyStore } from '../../../src/executors/ssh/host-keys.js';

const ED = 'AAAAC3NzaC1lZDI1NTE5AAAAINUYCiVwDFK5CycyPaQiVDd3Oysxp6L24yRwVau4haTe';
const EC = 'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBKbm3tIHAmF1vaPi2I+iY79T0x+T9g9G1oRO5+rddTM2lHFBwqsGTHvpwBBxU0dwAI5NHtRIZdoo2ufR2TYhXSw=';
const edKey = Buffer.from(ED, 'base64');
const ecKey = Buffer.from(EC, 'base64');

function setup(text: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-hk-'));
  const file = path.join(dir, 'known_hosts');
  writeFileSync(file, text);
  return file;
}

describe('host key store', () => {
  it('trusts a pinned key and names the file when refusing a changed one', async () => {
    const file = setup(`h1,10.0.0.1 ssh-ed25519 ${ED}\n`);
    for (const accept of [false, true]) {
      const c = await new HostKeyStore(accept).prepare({ host: 'h1', address: '10.0.0.1', port: 22, knownHostsFiles: [file] });
      expect(await c.verify(edKey)).toEqual({ ok: true, added: false });
      const bad = await c.verify(ecKey);
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.reason).toMatch(new RegExp(`HOST IDENTIFICATION HAS CHANGED.*ecdsa-sha2-nistp256 host key of 10\\.0\\.0\\.1 \\(SHA256:.*${file}:1`));
    }
    expect(readFileSync(file, 'utf8')).toBe(`h1,10.0.0.1 ssh-ed25519 ${ED}\n`);
  });

  it('refuses an unknown key unless new keys are accepted, then pins it for later', async () => {
    const file = setup(`other ssh-ed25519 ${ED}`); // no final newline
    const subject = { host: 'h2', address: '10.0.0.2', port: 2222, knownHostsFiles: [file, '/nonexistent/known_hosts'] };
    const strict = await new HostKeyStore(false).prepare(subject);
    const r = await strict.verify(ecKey);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/unknown: no known_hosts entry for \[10\.0\.0\.2\]:2222 or \[h2\]:2222 .*--accept-new-host-keys/);

    const store = new HostKeyStore(true);
    const c = await store.prepare(subject);
    expect(await c.verify(ecKey)).toEqual({ ok: true, added: true });
    expect(readFileSync(file, 'utf8')).toBe(`other ssh-ed25519 ${ED}\n[10.0.0.2]:2222 ecdsa-sha2-nistp256 ${EC}\n`);
    // Within the run and in the next one, that key is now the pinned one: another is a mismatch.
    const again = await store.prepare(subject);
    expect(await again.verify(ecKey)).toEqual({ ok: true, added: false });
    expect((await again.verify(edKey)).ok).toBe(false);
    const next = await new HostKeyStore(true).prepare(subject);
    expect(next.algorithms[0]).toBe('ecdsa-sha2-nistp256');
    expect((await next.verify(edKey)).ok).toBe(false);
  });
});
