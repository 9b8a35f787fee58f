import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendAudit, verifyAudit } from '../../../src/audit/log.js';

describe('audit chain', () => {
  it('chains records and detects edits, deletions and reordering', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'fd-audit-')), 'audit.jsonl');
    await appendAudit(file, { type: 'start', runId: 'r1', user: 'alice' });
    await appendAudit(file, { type: 'end', runId: 'r1', outcome: 'ok' });
    await appendAudit(file, { type: 'start', runId: 'r2', user: 'bob' });
    expect(await verifyAudit(file)).toEqual({ ok: true, records: 3, firstBad: null });
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const recs = lines.map((l) => JSON.parse(l));
    expect(recs[1].prevHash).toBe(recs[0].hash);

    writeFileSync(file, [lines[0], lines[1].replace('"ok"', '"failed"'), lines[2]].join('\n') + '\n');
    expect((await verifyAudit(file)).firstBad).toEqual({ line: 2, reason: expect.stringMatching(/edited/) });
    writeFileSync(file, [lines[0], lines[2]].join('\n') + '\n');
    expect((await verifyAudit(file)).firstBad?.line).toBe(2);
    writeFileSync(file, [lines[1], lines[0], lines[2]].join('\n') + '\n');
    expect((await verifyAudit(file)).firstBad?.line).toBe(1);
  });
  it('serializes concurrent writers', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'fd-audit-')), 'audit.jsonl');
    await Promise.all(Array.from({ length: 10 }, (_, i) => appendAudit(file, { type: 'start', runId: `r${i}` })));
    expect(await verifyAudit(file)).toMatchObject({ ok: true, records: 10 });
  });
});
