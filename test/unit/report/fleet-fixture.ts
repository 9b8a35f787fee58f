// A fleet that looks like a real one, for the charts, the flame graph and the browser test (and
// the README's pictures): five payment hosts, a subscription leak at notify/hub.go:88 on three
// of them (growing across earlier runs over three days), a suspect mutex pile on one, an
// unreachable host; real-shaped Go stacks (runtime, net/http, database/sql, the service's own
// packages), samples with threads and sockets, and a group gone by the last sample.
import type { Group } from '../../../src/analysis/types.js';
import { rankSuspects } from '../../../src/analysis/index.js';
import type { HostReport, Report, SampleReport } from '../../../src/report/types.js';

const APP = 'github.com/acme/pay/internal';
export const LEAK_FN = `${APP}/notify.(*Hub).wait`;
export const LEAK_AT = `${APP}/notify/hub.go:88`;
export const MUTEX_FN = `${APP}/ledger.(*Book).Post`;

function g(id: string, over: Partial<Group> & Pick<Group, 'counts' | 'frames' | 'class' | 'function' | 'location'>): Group {
  return {
    id, count: over.counts[over.counts.length - 1], state: 'select', createdBy: null, growthPerMinute: 0, maxWaitMinutes: 0,
    leaking: false, verdict: 'healthy', evidence: [], pattern: null, ...over,
  };
}

const HTTP_READ = [
  'internal/poll.runtime_pollWait runtime/netpoll.go:351',
  'internal/poll.(*pollDesc).wait internal/poll/fd_poll_runtime.go:84',
  'internal/poll.(*pollDesc).waitRead internal/poll/fd_poll_runtime.go:89',
  'internal/poll.(*FD).Read internal/poll/fd_unix.go:165',
  'net.(*netFD).Read net/fd_posix.go:55',
  'net.(*conn).Read net/net.go:194',
  'net/http.(*connReader).backgroundRead net/http/server.go:690',
];
const HTTP_SERVE = [
  'internal/poll.runtime_pollWait runtime/netpoll.go:351',
  'internal/poll.(*pollDesc).wait internal/poll/fd_poll_runtime.go:84',
  'internal/poll.(*FD).Read internal/poll/fd_unix.go:165',
  'net.(*netFD).Read net/fd_posix.go:55',
  'net.(*conn).Read net/net.go:194',
  'net/http.(*connReader).Read net/http/server.go:798',
  'bufio.(*Reader).fill bufio/bufio.go:110',
  'bufio.(*Reader).Peek bufio/bufio.go:148',
  'net/http.(*conn).serve net/http/server.go:2137',
];

/** The groups of one host with the leak at `leak` goroutines (growing by `perSample`). */
function groups(leak: number, perSample: number, mutex: number, conns: number, verdict: 'leaking' | 'suspect' | 'healthy'): Group[] {
  const out: Group[] = [];
  if (leak > 0) {
    const counts = [leak - 2 * perSample, leak - perSample, leak];
    out.push(g('a1b2c3d4e5f6', {
      counts, state: 'chan receive', class: 'chan-receive', function: LEAK_FN, location: LEAK_AT,
      frames: ['runtime.gopark runtime/proc.go:424', 'runtime.chanrecv runtime/chan.go:639', 'runtime.chanrecv1 runtime/chan.go:489', `${LEAK_FN} ${LEAK_AT}`, `${APP}/notify.(*Hub).Subscribe.func1 ${APP}/notify/hub.go:61`],
      createdBy: `${APP}/notify.(*Hub).Subscribe in goroutine 37 ${APP}/notify/hub.go:59`,
      growthPerMinute: perSample * 6, maxWaitMinutes: 95, leaking: verdict === 'leaking', verdict,
      evidence: verdict === 'healthy' ? [] : [`grew ${counts[0]} → ${counts[2]} over 3 samples (+${perSample * 6}/min)`, 'waiting up to 95 min'],
      pattern: verdict === 'healthy' ? null : { name: 'subscriber never unsubscribed', cause: 'a receive on a channel nobody closes once the client left', fix: 'close the subscription channel when the request context is done' },
    }));
  }
  if (mutex > 0) {
    out.push(g('0f1e2d3c4b5a', {
      counts: [mutex - 40, mutex - 20, mutex], state: 'sync.Mutex.Lock', class: 'mutex', function: MUTEX_FN, location: `${APP}/ledger/book.go:140`,
      frames: ['runtime.gopark runtime/proc.go:424', 'runtime.goparkunlock runtime/proc.go:430', 'sync.runtime_SemacquireMutex runtime/sema.go:95', 'sync.(*Mutex).lockSlow sync/mutex.go:173', 'sync.(*Mutex).Lock sync/mutex.go:92', `${MUTEX_FN} ${APP}/ledger/book.go:140`, `${APP}/api.(*Server).charge ${APP}/api/charge.go:77`, 'net/http.HandlerFunc.ServeHTTP net/http/server.go:2220', 'net/http.(*ServeMux).ServeHTTP net/http/server.go:2747', 'net/http.serverHandler.ServeHTTP net/http/server.go:3210', 'net/http.(*conn).serve net/http/server.go:2092'],
      growthPerMinute: 120, maxWaitMinutes: 3, verdict: 'suspect', evidence: [`${mutex} goroutines wait for one mutex; rose 40 in 20 s`],
    }));
  }
  out.push(g('112233445566', { counts: [conns, conns + 3, conns], state: 'IO wait', class: 'io-wait', function: 'net/http.(*conn).serve', location: 'net/http/server.go:2137', frames: HTTP_SERVE }));
  out.push(g('223344556677', { counts: [conns / 2, conns / 2, conns / 2], state: 'IO wait', class: 'io-wait', function: 'net/http.(*connReader).backgroundRead', location: 'net/http/server.go:690', frames: HTTP_READ }));
  out.push(g('334455667788', {
    counts: [64, 64, 64], state: 'select', class: 'select', function: `${APP}/worker.(*Pool).run`, location: `${APP}/worker/pool.go:52`,
    frames: ['runtime.gopark runtime/proc.go:424', 'runtime.selectgo runtime/select.go:335', `${APP}/worker.(*Pool).run ${APP}/worker/pool.go:52`, `${APP}/worker.New.gowrap1 ${APP}/worker/pool.go:31`],
  }));
  out.push(g('445566778899', {
    counts: [1, 1, 1], state: 'select', class: 'select', function: 'database/sql.(*DB).connectionOpener', location: 'database/sql/sql.go:1261',
    frames: ['runtime.gopark runtime/proc.go:424', 'runtime.selectgo runtime/select.go:335', 'database/sql.(*DB).connectionOpener database/sql/sql.go:1261', 'database/sql.OpenDB.gowrap1 database/sql/sql.go:841'],
  }));
  out.push(g('5566778899aa', {
    counts: [1, 1, 1], state: 'IO wait', class: 'io-wait', function: 'main.main', location: 'cmd/pay/main.go:44',
    frames: ['internal/poll.runtime_pollWait runtime/netpoll.go:351', 'internal/poll.(*FD).Accept internal/poll/fd_unix.go:620', 'net.(*TCPListener).Accept net/tcpsock.go:372', 'net/http.(*Server).Serve net/http/server.go:3330', 'net/http.(*Server).ListenAndServe net/http/server.go:3259', 'main.main cmd/pay/main.go:44', 'runtime.main runtime/proc.go:283'],
  }));
  // Present in the first sample only: folded away by the renderers.
  out.push(g('66778899aabb', { counts: [2, 0, 0], state: 'runnable', class: 'runnable', function: 'main.reloadConfig', location: 'cmd/pay/config.go:12', frames: ['main.reloadConfig cmd/pay/config.go:12'] }));
  return out.sort((a, b) => b.count - a.count);
}

interface HostSpec {
  name: string;
  leak: number;
  perSample: number;
  mutex: number;
  verdict: 'leaking' | 'suspect' | 'healthy';
}

export const HOSTS: HostSpec[] = [
  { name: 'pay-1.prod.acme.net', leak: 1840, perSample: 60, mutex: 0, verdict: 'leaking' },
  { name: 'pay-2.prod.acme.net', leak: 1210, perSample: 45, mutex: 0, verdict: 'leaking' },
  { name: 'pay-3.prod.acme.net', leak: 320, perSample: 12, mutex: 380, verdict: 'leaking' },
  { name: 'pay-4.prod.acme.net', leak: 0, perSample: 0, mutex: 0, verdict: 'healthy' },
];
export const DOWN_HOST = 'pay-5.prod.acme.net';

function host(spec: HostSpec, start: number, scale: number): HostReport {
  const leak = Math.round(spec.leak * scale);
  const gs = groups(leak, Math.max(0, Math.round(spec.perSample * Math.min(1, scale + 0.2))), Math.round(spec.mutex * Math.min(1, scale * 1.5)), 40, scale < 0.5 && spec.verdict === 'leaking' ? 'suspect' : spec.verdict);
  const samples: SampleReport[] = [0, 1, 2].map((k) => {
    const goroutines = gs.reduce((sum, x) => sum + x.counts[k], 0);
    const closeWait = spec.leak > 0 ? Math.round(leak / 40) + k * 2 : 0;
    return {
      index: k, takenAt: new Date(start + k * 10_000).toISOString(), goroutines, threads: 18 + (spec.mutex > 0 ? 6 : 0) + k % 2,
      sockets: { ESTABLISHED: 42 + k, CLOSE_WAIT: closeWait, TIME_WAIT: 12 + 3 * k, LISTEN: 2 }, artifacts: {}, notes: [], errors: [],
    };
  });
  const last = samples[2];
  return {
    host: spec.name, status: 'ok', error: null, attempts: 1, pprofUrl: 'http://127.0.0.1:6060',
    goroutines: last.goroutines, threads: last.threads ?? null, sockets: last.sockets ?? null, samples,
    verdict: gs.some((x) => x.verdict === 'leaking') ? 'leaking' : gs.some((x) => x.verdict === 'suspect') ? 'suspect' : 'healthy',
    groups: gs, evidence: spec.leak > 0 ? [`CLOSE_WAIT sockets grew ${samples[0].sockets?.CLOSE_WAIT} → ${last.sockets?.CLOSE_WAIT}`] : [], warnings: [],
  };
}

/** The fleet's report of a run at `at`; `scale` (0…1) sizes the leak as it was then. */
export function fleetReport(at: Date, scale = 1, id = `run-${at.toISOString().slice(0, 13).replace(/[-T:]/g, '')}`): Report {
  const hosts = HOSTS.map((spec, i) => host(spec, at.getTime() + i * 1500, scale));
  hosts.push({
    host: DOWN_HOST, status: 'unreachable', error: 'ssh: connect to host pay-5.prod.acme.net port 22: No route to host', attempts: 2,
    pprofUrl: 'http://127.0.0.1:6060', goroutines: null, threads: null, sockets: null, samples: [], verdict: 'unknown', groups: [], evidence: [], warnings: [],
  });
  const ok = hosts.filter((h) => h.status === 'ok');
  return {
    schemaVersion: 1,
    run: {
      id, startedAt: new Date(at.getTime() - 4000).toISOString(), finishedAt: new Date(at.getTime() + 30_000).toISOString(), status: 'partial',
      command: 'fleet-diag run -i prod --limit pay', inventory: 'inventory/prod.yml', limit: 'pay', executor: 'ansible', ansibleVersion: '2.17.4',
      samples: 3, intervalSeconds: 10, timeoutSeconds: 20, serial: [], debug2Cap: 10000,
      hostsTargeted: hosts.length, hostsOk: ok.length, hostsFailed: hosts.length - ok.length, passes: 2, notes: [],
    },
    hosts,
    suspects: rankSuspects(ok.map((h) => ({ host: h.host, analysis: { goroutines: h.goroutines ?? 0, verdict: h.verdict, groups: h.groups, evidence: h.evidence } }))),
  };
}

export const NOW = new Date('2026-03-04T09:30:00Z');

/** Earlier runs: every 12 hours over the three days before NOW, the leak growing. */
export function earlierReports(): Report[] {
  const out: Report[] = [];
  for (let k = 6; k >= 1; k--) out.push(fleetReport(new Date(NOW.getTime() - k * 12 * 3_600_000), (7 - k) / 7));
  return out;
}
