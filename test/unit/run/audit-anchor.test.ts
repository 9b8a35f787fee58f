// Issue 21: a chain alone verifies when its last records are cut or the file is emptied, and can be
// re-hashed by anyone who can write it. The anchor (LOG.anchor) and the optional key close that.
import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { appendAudit, verifyAudit } from '../../../src/audit/log.js';
import { canonicalJson } from '../../../src/audit/chain.js';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');
const fresh = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'fd-anchor-')), 'audit.jsonl');
async function three(file: string, key: Buffer | null = null): Promise<string[]> {
  await appendAudit(file, { type: 'start', runId: 'r1' }, key);
  await appendAudit(file, { type: 'end', runId: 'r1', outcome: 'ok' }, key);
  await appendAudit(file, { type: 'start', runId: 'r2' }, key);
  return readFileSync(file, 'utf8').trim().split('\n');
}
/** What a forger without the key does: re-hash every record with plain SHA-256. */
function rehash(lines: string[]): string {
  let prev = '0'.repeat(64);
  return lines.map((l) => {
    const { hash: _h, keyed: _k, ...rest } = JSON.parse(l);
    rest.prevHash = prev;
    prev = createHash('sha256').update(canonicalJson(rest)).digest('hex');
    return JSON.stringify({ ...rest, hash: prev });
  }).join('\n') + '\n';
}

describe('audit anchor', () => {
  it('an intact log matches its anchor', async () => {
    const file = fresh();
    await three(file);
    expect(await verifyAudit(file, null)).toEqual({ ok: true, records: 3, firstBad: null });
    expect(JSON.parse(readFileSync(`${file}.anchor`, 'utf8'))).toMatchObject({ records: 3, since: '0'.repeat(64) });
  });

  it('cutting the last records is detected', async () => {
    const file = fresh();
    const lines = await three(file);
    writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n`);
    const r = await verifyAudit(file, null);
    expect(r.ok).toBe(false);
    expect(r.firstBad?.reason).toMatch(/ends early: the anchor expects 3 records .* the log has 2/);
  });

  it('emptying or removing the log is detected', async () => {
    const file = fresh();
    await three(file);
    writeFileSync(file, '');
    expect((await verifyAudit(file, null)).firstBad?.reason).toMatch(/ends early/);
    rmSync(file);
    expect((await verifyAudit(file, null)).firstBad?.reason).toMatch(/log is gone/);
  });

  it('a cut noticed by the next append stays on the anchor', async () => {
    const file = fresh();
    const lines = await three(file);
    writeFileSync(file, `${lines[0]}\n`);
    await appendAudit(file, { type: 'start', runId: 'r3' }, null);
    const r = await verifyAudit(file, null);
    expect(r.ok).toBe(false);
    expect(r.firstBad?.reason).toMatch(/cut or rewritten .* 3 records/);
  });

  it('a log from before anchors is anchored from its next append on', async () => {
    const file = fresh();
    await three(file);
    rmSync(`${file}.anchor`);
    expect(await verifyAudit(file, null)).toMatchObject({ ok: true, records: 3, note: expect.stringMatching(/no anchor/) });
    await appendAudit(file, { type: 'end', runId: 'r2' }, null);
    expect(await verifyAudit(file, null)).toEqual({ ok: true, records: 4, firstBad: null });
    expect(JSON.parse(readFileSync(`${file}.anchor`, 'utf8')).records).toBe(1);
  });
});

describe('keyed audit chain', () => {
  it('a log re-hashed without the key does not verify', async () => {
    const file = fresh();
    const lines = await three(file, KEY);
    expect(await verifyAudit(file, KEY)).toEqual({ ok: true, records: 3, firstBad: null });
    // Rewrite one record and re-hash the whole chain, keeping the record count and a fitting anchor.
    const forged = rehash([lines[0], lines[1].replace('"ok"', '"failed"'), lines[2]]);
    writeFileSync(file, forged);
    // The real (keyed) anchor no longer fits the forged end.
    expect((await verifyAudit(file, KEY)).ok).toBe(false);
    const last = JSON.parse(forged.trim().split('\n')[2]).hash;
    writeFileSync(`${file}.anchor`, JSON.stringify({ version: 1, since: '0'.repeat(64), records: 3, lastHash: last, keyed: false }));
    const r = await verifyAudit(file, KEY);
    expect(r.ok).toBe(false);
    expect(r.firstBad?.reason).toMatch(/anchor is not keyed/);
    // Without the key such a full forgery cannot be told apart: the reason to set one.
    expect((await verifyAudit(file, null)).ok).toBe(true);
  });

  it('an edited keyed record fails with the key, and is not called intact without it', async () => {
    const file = fresh();
    const lines = await three(file, KEY);
    const rec = JSON.parse(lines[1]);
    rec.outcome = 'failed';
    writeFileSync(file, [lines[0], JSON.stringify(rec), lines[2]].join('\n') + '\n');
    expect((await verifyAudit(file, KEY)).firstBad).toEqual({ line: 2, reason: expect.stringMatching(/keyed hash/) });
    writeFileSync(file, lines.join('\n') + '\n');
    expect(await verifyAudit(file, null)).toMatchObject({ ok: true, sealsUnchecked: 3 });
    expect((await verifyAudit(file, Buffer.from('another key of sixteen+ chars'))).ok).toBe(false);
  });

  it('a keyed log refuses unkeyed appends (no downgrade)', async () => {
    const file = fresh();
    await three(file, KEY);
    await expect(appendAudit(file, { type: 'start', runId: 'r9' }, null)).rejects.toThrow(/is keyed: set FLEET_DIAG_AUDIT_KEY_FILE/);
    appendFileSync(file, '');
    expect((await verifyAudit(file, KEY)).ok).toBe(true);
  });

  it('takes the key from FLEET_DIAG_AUDIT_KEY or the file FLEET_DIAG_AUDIT_KEY_FILE names', async () => {
    const { auditKeyFromEnv } = await import('../../../src/audit/key.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-key-'));
    writeFileSync(path.join(dir, 'k'), `${KEY.toString()}\n`);
    expect(auditKeyFromEnv({ FLEET_DIAG_AUDIT_KEY_FILE: path.join(dir, 'k') })).toEqual(KEY);
    expect(auditKeyFromEnv({ FLEET_DIAG_AUDIT_KEY: KEY.toString() })).toEqual(KEY);
    expect(auditKeyFromEnv({})).toBeNull();
    expect(() => auditKeyFromEnv({ FLEET_DIAG_AUDIT_KEY: 'short' })).toThrow(/shorter than 16/);
    expect(() => auditKeyFromEnv({ FLEET_DIAG_AUDIT_KEY_FILE: path.join(dir, 'missing') })).toThrow(/cannot read/);
  });
});

describe('streaming verify', () => {
  it('verifies a log larger than one string can hold (600 MB) without reading it whole', async () => {
    const file = fresh();
    // A valid chain of big records: 600 records of ~1 MB each.
    const pad = 'x'.repeat(1024 * 1024);
    let prev = '0'.repeat(64);
    const chunks: string[] = [];
    for (let i = 0; i < 600; i++) {
      const rec: Record<string, unknown> = { type: 'start', runId: `r${i}`, at: '2026-01-01T00:00:00Z', prevHash: prev, pad };
      prev = createHash('sha256').update(canonicalJson(rec)).digest('hex');
      chunks.push(JSON.stringify({ ...rec, hash: prev }));
      if (chunks.length === 50) {
        appendFileSync(file, chunks.join('\n') + '\n');
        chunks.length = 0;
      }
    }
    const before = process.memoryUsage().rss;
    const r = await verifyAudit(file, null);
    expect(r).toMatchObject({ ok: true, records: 600 });
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
  }, 120_000);

  it('a line longer than any record is reported, not buffered', async () => {
    const { logLines } = await import('../../../src/audit/lines.js');
    const file = fresh();
    writeFileSync(file, `a\n${'y'.repeat(5000)}\nb\nc`);
    const got = [];
    for await (const l of logLines(file, 1000)) got.push(l);
    expect(got).toEqual([{ line: 1, text: 'a' }, { line: 2, text: '', tooLong: true }, { line: 3, text: 'b' }, { line: 4, text: 'c' }]);
  });
});
