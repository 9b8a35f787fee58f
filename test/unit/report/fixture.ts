// A small hand-built report for the renderer tests: one leaking, one suspect, one healthy and
// one unreachable host, with hostile strings (markup, quotes, backslashes, pipes, backticks)
// where a real fleet could put them: host names, frames, errors, evidence.
import type { Group } from '../../../src/analysis/types.js';
import type { HostReport, Report } from '../../../src/report/types.js';

export const EVIL_HOST = 'evil<script>alert("host")</script>|`x`';
export const EVIL_FRAME = 'main.(*T).Run</script><script>alert(1)</script> app/evil.go:7';
export const EVIL_CREATOR = 'main.spawn "quoted" \\N back\\slash app/spawn.go:9';

export function group(id: string, count: number, over: Partial<Group> = {}): Group {
  return {
    id: id.padEnd(6, '0'), count, counts: [count], state: 'chan receive', class: 'chan-receive',
    location: `app/${id}.go:10`, function: `main.${id}`, frames: [`main.${id} app/${id}.go:10`],
    createdBy: null, growthPerMinute: 0, maxWaitMinutes: 0, leaking: false, verdict: 'healthy',
    evidence: [], pattern: null, ...over,
  };
}

function host(name: string, groups: Group[], over: Partial<HostReport> = {}): HostReport {
  return {
    host: name, status: 'ok', error: null, attempts: 1, pprofUrl: 'http://127.0.0.1:6060',
    goroutines: groups.reduce((s, g) => s + g.count, 0), threads: 12, sockets: { ESTABLISHED: 4, CLOSE_WAIT: 30, LISTEN: 2 },
    samples: [], verdict: 'healthy', groups, evidence: [], warnings: [], ...over,
  };
}

export const leakGroup = group('leakRecv', 1200, {
  class: 'chan-receive', verdict: 'leaking', leaking: true, counts: [400, 800, 1200], growthPerMinute: 800,
  location: 'app/worker.go:41', function: 'main.leakRecv',
  frames: ['runtime.gopark runtime/proc.go:398', 'runtime.chanrecv1 runtime/chan.go:442', 'main.leakRecv app/worker.go:41', 'main.(*Pool).start app/pool.go:20'],
  createdBy: EVIL_CREATOR,
  evidence: ['grew 400 → 1,200 over 3 samples (+800/min)', 'cell|breaker and `tick` in evidence'],
  pattern: { name: 'time.After in loop', cause: 'a receive nobody sends to <ever>', fix: 'close the channel | cancel the context' },
});

export const evilGroup = group('evilSite', 50, {
  class: 'select', verdict: 'suspect', counts: [30, 50], growthPerMinute: 20,
  location: 'app/evil.go:7', function: 'main.(*T).Run</script><script>alert(1)</script>',
  frames: [EVIL_FRAME], createdBy: 'main.main app/main.go:3',
  evidence: ['<img src=x onerror=alert(2)> grew'],
});

export function sampleReport(): Report {
  const hosts: HostReport[] = [
    host('web-1', [leakGroup, group('poolWorker', 10, { class: 'select' })], { verdict: 'leaking', evidence: ['CLOSE_WAIT sockets grew 3 → 30'] }),
    host(EVIL_HOST, [evilGroup, group('idle', 3)], { verdict: 'suspect', warnings: ['line 12: truncated <stack>'] }),
    host('web-3', [group('poolWorker', 10, { class: 'select' })], { verdict: 'healthy', sockets: null }),
    host('web-4', [], {
      status: 'unreachable', error: 'ssh: connect to host web-4 port 22: Connection refused <b>', attempts: 2,
      goroutines: null, threads: null, sockets: null, verdict: 'unknown',
    }),
  ];
  return {
    schemaVersion: 1,
    run: {
      id: 'run-test01', startedAt: '2025-03-01T10:00:00.000Z', finishedAt: '2025-03-01T10:00:12.500Z', status: 'partial',
      command: 'fleet-diag run -i prod', inventory: 'inventory/prod.yml', limit: 'web*', executor: 'ansible', ansibleVersion: '2.17.0',
      samples: 3, intervalSeconds: 5, timeoutSeconds: 20, serial: [], debug2Cap: 10000,
      hostsTargeted: 4, hostsOk: 3, hostsFailed: 1, passes: 1, notes: ['a note'],
    },
    hosts,
    suspects: [
      {
        id: leakGroup.id, location: leakGroup.location, function: leakGroup.function, class: leakGroup.class, goroutines: 1200,
        hosts: ['web-1'], hostCount: 1, verdict: 'leaking', evidence: leakGroup.evidence.map((e) => `web-1: ${e}`), pattern: leakGroup.pattern, hostsSeen: 1,
      },
      {
        id: evilGroup.id, location: evilGroup.location, function: evilGroup.function, class: evilGroup.class, goroutines: 50,
        hosts: [EVIL_HOST], hostCount: 1, verdict: 'suspect', evidence: evilGroup.evidence.map((e) => `${EVIL_HOST}: ${e}`), pattern: null, hostsSeen: 1,
      },
    ],
  };
}

/** A run where nothing was collected. */
export function emptyReport(): Report {
  const r = sampleReport();
  r.hosts = [r.hosts[3]];
  r.suspects = [];
  r.run = { ...r.run, status: 'failed', hostsTargeted: 1, hostsOk: 0, hostsFailed: 1 };
  return r;
}
