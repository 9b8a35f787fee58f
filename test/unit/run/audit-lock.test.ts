// The audit log shared by processes: one verifiable chain whatever the interleaving, a stale lock
// left by a crashed writer, appends that read only the log's tail.
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { appendFileSync, mkdtempSync, readFileSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendAudit, lastHash, verifyAudit } from '../../../src/audit/log.js';
import { repoRoot } from '../helpers/build.js';

const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
/** Another process appending `n` records. */
function writer(file: string, who: string, n: number) {
  const script = path.join(path.dirname(file), `writer-${who}.mts`);
  writeFileSync(script, `import { appendAudit } from ${JSON.stringify(path.join(repoRoot, 'src/audit/log.ts'))};
for (let i = 0; i < ${n}; i++) await appendAudit(${JSON.stringify(file)}, { type: 'start', runId: '${who}-' + i });\n`);
  return execa(tsx, [script], { reject: false });
}

describe('audit log across processes', () => {
  it('writers in several processes at once, after a crashed writer left its lock, keep one chain', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-audit-'));
    const file = path.join(dir, 'audit.jsonl');
    await appendAudit(file, { type: 'start', runId: 'first' });
    // A lock left by a writer that died 30 s ago (an older fleet-diag wrote its pid in a file).
    writeFileSync(`${file}.lock`, '999999');
    const old = (Date.now() - 30_000) / 1000;
    utimesSync(`${file}.lock`, old, old);
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((w) => writer(file, w, 12)));
    for (const r of results) expect(r.exitCode, r.stderr).toBe(0);
    expect(await verifyAudit(file)).toEqual({ ok: true, records: 1 + 4 * 12, firstBad: null });
    const ids = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l).runId);
    expect(new Set(ids).size).toBe(ids.length);
  }, 120_000);

  it('reads only the tail of the log for the previous hash (a log far larger than memory)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-audit-'));
    const file = path.join(dir, 'audit.jsonl');
    // 8 GB of earlier history (sparse: no disk, and more than any whole-file read can take), then a record.
    writeFileSync(file, '');
    truncateSync(file, 8 * 1024 ** 3);
    const rec = { type: 'end', runId: 'r0', at: '2026-01-01T00:00:00Z', prevHash: '0'.repeat(64), hash: 'ab'.repeat(32) };
    appendFileSync(file, `\n${JSON.stringify(rec)}\n`);
    expect(await lastHash(file)).toBe(rec.hash);
    const next = await appendAudit(file, { type: 'start', runId: 'r1' });
    expect(next.prevHash).toBe(rec.hash);
  });

  it('finds a last record longer than the first tail read, and an empty or missing log', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-audit-'));
    const file = path.join(dir, 'audit.jsonl');
    expect(await lastHash(file)).toBe('0'.repeat(64));
    const a = await appendAudit(file, { type: 'start', runId: 'a', hosts: Array.from({ length: 20_000 }, (_, i) => `host-${i}.example.com`) });
    expect(readFileSync(file).length).toBeGreaterThan(200_000);
    expect(await lastHash(file)).toBe(a.hash);
    const b = await appendAudit(file, { type: 'end', runId: 'a' });
    expect(b.prevHash).toBe(a.hash);
    expect((await verifyAudit(file)).ok).toBe(true);
  });
});
