import { describe, expect, it } from 'vitest';
import { parseStoredResult } from '../../../src/collect/stored-result.js';

describe('a stored collect.yml result', () => {
  it('reads the output, how it ended, the settings and the job', () => {
    const r = parseStoredResult(JSON.stringify({
      host: 'web-1', unreachable: false, failed: false, rc: 0, msg: '', stdout: '@@fd hello 1\n', storedAt: '2026-01-01T00:00:00Z', limit: 'web*',
      settings: { samples: 3, interval_s: '5', timeout_s: 20, cap: 10000, full: 0 }, job: { awx_job_id: 4 },
    }));
    expect(r).toEqual({
      host: 'web-1', unreachable: false, result: { rc: 0, msg: '', stdout: '@@fd hello 1\n' }, storedAt: '2026-01-01T00:00:00Z', limit: 'web*',
      settings: { samples: 3, interval_s: 5, timeout_s: 20, cap: 10000, full: 0 }, job: { awx_job_id: 4 },
    });
  });

  it('an older result (host, flags, output only) still reads; odd fields are dropped, not trusted', () => {
    const r = parseStoredResult(JSON.stringify({ host: 'a', unreachable: true, rc: 'x', msg: 5, settings: { samples: -1, cap: 'lots' } }));
    expect(r).toMatchObject({ host: 'a', unreachable: true, result: { rc: undefined, msg: undefined }, storedAt: null, limit: null, settings: {}, job: null });
  });

  it('says why a file is not one', () => {
    expect(parseStoredResult('{oops')).toEqual({ error: 'is not JSON written by playbooks/collect.yml' });
    expect(parseStoredResult('[]')).toEqual({ error: 'has no host field' });
    expect(parseStoredResult('{"host": ""}')).toEqual({ error: 'has no host field' });
  });
});
