// A run whose report cannot be built still closes its audit record: the start gets an end.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runFleet } from '../../../src/pipeline/run.js';
import { verifyAudit } from '../../../src/audit/log.js';

describe('audit end record', () => {
  it('is written when building the report throws, with the error, and the chain verifies', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-end-'));
    const inv = path.join(dir, 'hosts.ini');
    // One host that is never contacted (its pprof URL is refused up front): the run goes straight to the report.
    writeFileSync(inv, 'h1 ansible_connection=local fleet_diag_pprof_url=ftp://x\n');
    const auditLog = path.join(dir, 'audit.jsonl');
    const err = await runFleet({
      inventory: inv, serial: [], retries: 0, maxFail: 1, auditLog, command: 'test', out: path.join(dir, 'run'),
      collect: { samples: 1, intervalMs: 0, timeoutMs: 5000, debug2Cap: 10_000, fullStacks: false },
      signal: new AbortController().signal,
      onStage: (s) => {
        if (s === 'analyzing') throw new Error('the report could not be built');
      },
    }).then(() => null, (e: Error) => e);
    expect(err?.message).toBe('the report could not be built');
    const records = readFileSync(auditLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records.map((r) => r.type)).toEqual(['start', 'end']);
    expect(records[1]).toMatchObject({ runId: records[0].runId, outcome: 'failed', error: 'the report could not be built', hostsTargeted: 1, hostsOk: 0 });
    expect((await verifyAudit(auditLog)).ok).toBe(true);
  }, 60_000);
});
