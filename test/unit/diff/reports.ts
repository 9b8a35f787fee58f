// Small hand-built reports for diff, gate and watch tests.
import type { Group, Verdict } from '../../../src/analysis/types.js';
import type { HostReport, Report } from '../../../src/report/types.js';

export function group(id: string, count: number, over: Partial<Group> = {}): Group {
  return {
    id, count, counts: [count], state: 'chan receive', class: 'chan-receive',
    location: `app/${id}.go:10`, function: `main.${id}`, frames: [`main.${id} app/${id}.go:10`],
    createdBy: null, growthPerMinute: 0, maxWaitMinutes: 0, leaking: false, verdict: 'healthy',
    evidence: [], pattern: null, ...over,
  };
}

export function host(name: string, groups: Group[], over: Partial<HostReport> = {}): HostReport {
  const total = groups.reduce((s, g) => s + g.count, 0);
  const ok = (over.status ?? 'ok') === 'ok';
  return {
    host: name, status: 'ok', error: null, attempts: 1, pprofUrl: 'http://127.0.0.1:6060',
    goroutines: ok ? total : null, threads: ok ? 10 : null, sockets: ok ? { ESTABLISHED: 2, LISTEN: 2 } : null,
    samples: [], verdict: ok ? (groups.some((g) => g.leaking) ? 'leaking' : 'healthy') : 'unknown',
    groups: ok ? groups : [], evidence: [], warnings: [], ...over,
  };
}

export function down(name: string, error = 'ssh: connect to host: Connection refused'): HostReport {
  return host(name, [], { status: 'unreachable', error, verdict: 'unknown' as Verdict });
}

export function report(hosts: HostReport[], id = 'run-1', startedAt = '2025-01-01T00:00:00.000Z'): Report {
  const ok = hosts.filter((h) => h.status === 'ok').length;
  return {
    schemaVersion: 1,
    run: {
      id, startedAt, finishedAt: startedAt, status: ok === hosts.length ? 'ok' : ok === 0 ? 'failed' : 'partial',
      command: 'fleet-diag run', inventory: 'inv', limit: null, executor: 'ansible', ansibleVersion: '2.17.0',
      samples: 1, intervalSeconds: 5, timeoutSeconds: 20, serial: [], debug2Cap: 10000,
      hostsTargeted: hosts.length, hostsOk: ok, hostsFailed: hosts.length - ok, passes: 1, notes: [],
    },
    hosts,
    suspects: [],
  };
}
