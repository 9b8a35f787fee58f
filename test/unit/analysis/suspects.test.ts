// The single-dump ranking ("look here first") and verdict (issue 18): its pieces on hand-made
// stacks, and the measured set (test/fixtures/stuck-dumps, and the public set when it is given).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeHost } from '../../../src/analysis/index.js';
import { idleShape } from '../../../src/analysis/suspects/idle-shapes.js';
import { lookHere, messagesOf, rankFleetLookHere, withSingleDump } from '../../../src/analysis/suspects/index.js';
import type { RuntimeMessage } from '../../../src/profile/types.js';
import { figures, measureSet, unlisted } from './../helpers/stuck-set.js';
import { goroutine, many, profile, sample } from './helpers.js';

const PARK = 'runtime.gopark /usr/local/go/src/runtime/proc.go:398';
const RWLOCK = [
  PARK, 'sync.runtime_SemacquireRWMutex /usr/local/go/src/runtime/sema.go:95',
  'sync.(*RWMutex).Lock /usr/local/go/src/sync/rwmutex.go:98',
  'github.com/coreos/etcd/clientv3.(*Client).retryConnection /go/src/github.com/coreos/etcd/clientv3/client.go:286',
  'github.com/coreos/etcd/clientv3.(*Client).connMonitor /go/src/github.com/coreos/etcd/clientv3/client.go:343',
];
const KEEPALIVE = [
  PARK, 'internal/poll.runtime_pollWait /usr/local/go/src/runtime/netpoll.go:343',
  'internal/poll.(*FD).Read /usr/local/go/src/internal/poll/fd_unix.go:164',
  'net.(*conn).Read /usr/local/go/src/net/net.go:179',
  'net/http.(*connReader).Read /usr/local/go/src/net/http/server.go:791',
  'bufio.(*Reader).fill /usr/local/go/src/bufio/bufio.go:113',
  'net/http.(*conn).serve /usr/local/go/src/net/http/server.go:2044',
];
const ACCEPT = [
  PARK, 'internal/poll.runtime_pollWait /usr/local/go/src/runtime/netpoll.go:343',
  'internal/poll.(*FD).Accept /usr/local/go/src/internal/poll/fd_unix.go:611',
  'net.(*TCPListener).Accept /usr/local/go/src/net/tcpsock.go:315',
  'net/http.(*Server).Serve /usr/local/go/src/net/http/server.go:3056',
  'main.main /app/main.go:40',
];
const POOL = [PARK, 'runtime.selectgo /usr/local/go/src/runtime/select.go:327', 'example.com/svc/pool.(*Pool).worker /build/svc/pool/pool.go:57'];
const WG = [
  PARK, 'sync.runtime_Semacquire /usr/local/go/src/runtime/sema.go:62',
  'sync.(*WaitGroup).Wait /usr/local/go/src/sync/waitgroup.go:116',
  'example.com/svc/api.(*Server).Shutdown /build/svc/api/server.go:210',
  'main.main /app/main.go:55',
];

function rank(gs: ReturnType<typeof goroutine>[], messages: RuntimeMessage[] = []) {
  const s = sample({ ...profile(gs), messages }, 0);
  const a = analyzeHost([s]);
  const r = lookHere(a.groups, messagesOf([s]));
  return { a, r, host: withSingleDump(a, r) };
}

describe('look here first', () => {
  it('an idle server of 300 keep-alive readers and 32 pool workers ranks 2 goroutines on an RWMutex first, in words', () => {
    const { r, host } = rank([
      ...many(300, KEEPALIVE, { state: 'IO wait', waitMinutes: 14 }),
      ...many(32, POOL, { state: 'select', waitMinutes: 14 }),
      goroutine(ACCEPT, { state: 'IO wait', waitMinutes: 14 }),
      ...many(2, RWLOCK, { state: 'sync.RWMutex.Lock', waitMinutes: 9 }),
    ]);
    expect(r.suspects[0].evidence).toBe('2 goroutines waiting up to 9 minutes to lock an RWMutex at github.com/coreos/etcd/clientv3/client.go:286 in (*Client).retryConnection');
    expect(r.suspects[0].idle).toBeNull();
    expect(r.suspects.slice(1).every((s) => s.idle !== null)).toBe(true);
    expect(host.verdict).toBe('suspect');
    expect(host.evidence[0]).toMatch(/^2 goroutines of the application have waited ≥ 1 minute \(up to 9 minutes\) on a lock/);
  });

  it('the same idle server without the lock is healthy, its sites all marked idle', () => {
    const { r, host } = rank([
      ...many(300, KEEPALIVE, { state: 'IO wait', waitMinutes: 30 }),
      ...many(32, POOL, { state: 'select', waitMinutes: 30 }),
      goroutine(ACCEPT, { state: 'IO wait', waitMinutes: 30 }),
    ]);
    expect(host.verdict).not.toBe('leaking');
    expect(r.verdict).toBe('healthy');
    expect(r.suspects.map((s) => s.idle)).toEqual(['a loop waiting for work in its entry function', 'an HTTP keep-alive connection', 'an accept loop']);
  });

  it('a deadlock message makes the dump leaking and names what it left blocked', () => {
    const { host } = rank(
      [goroutine(WG, { state: 'semacquire' }), goroutine([PARK, 'runtime.chansend1 /usr/local/go/src/runtime/chan.go:145', 'main.work /app/main.go:17'], { state: 'chan send', createdBy: 'main.main /app/main.go:26' })],
      [{ kind: 'deadlock', text: 'fatal error: all goroutines are asleep - deadlock!', line: 1 }],
    );
    expect(host.verdict).toBe('leaking');
    expect(host.evidence[0]).toMatch(/^the runtime found a deadlock \(fatal error: all goroutines are asleep - deadlock!\): it left 2 goroutines blocked for good; look first at 1 goroutine waiting (on a WaitGroup|to send on a channel)/);
    expect(host.evidence).toContainEqual(expect.stringMatching(/^nothing is running: every goroutine outside the known idle shapes \(2 goroutines\) is blocked in application code/));
  });

  it('a test timeout is suspect and names the tests running; the harness ranks low', () => {
    const harness = [PARK, 'runtime.chanrecv1 /usr/local/go/src/runtime/chan.go:442', 'testing.(*T).Run /usr/local/go/src/testing/testing.go:1494', 'testing.runTests.func1 /usr/local/go/src/testing/testing.go:1846', 'main.main _testmain.go:47'];
    const { r, host } = rank(
      [goroutine(harness, { state: 'chan receive', waitMinutes: 10 }), goroutine(WG, { state: 'semacquire', waitMinutes: 10 })],
      [
        { kind: 'test-timeout', text: 'panic: test timed out after 10m0s', line: 1 },
        { kind: 'running-test', text: 'TestShutdown (10m0s)', line: 3 },
      ],
    );
    expect(host.verdict).toBe('suspect');
    expect(host.evidence[0]).toMatch(/^a test timed out \(panic: test timed out after 10m0s\) while running TestShutdown \(10m0s\) with 2 goroutines blocked; look first at 1 goroutine waiting 10 minutes on a WaitGroup at \S+server\.go:210 in \(\*Server\)\.Shutdown$/);
    expect(r.suspects[0].function).toBe('example.com/svc/api.(*Server).Shutdown');
    expect(r.suspects[1].idle).toBe('the test harness waiting for a test');
  });

  it('a crash is said to be a crash, not a stuck process', () => {
    const { r } = rank([goroutine(POOL, { state: 'select' })], [{ kind: 'panic', text: 'panic: assignment to entry in nil map', line: 1 }]);
    expect(r.verdict).toBe('healthy');
    expect(r.findings).toEqual(['the process crashed (panic: assignment to entry in nil map): a crash, not a stuck process']);
  });

  it('a site the multi-sample analysis calls leaking is no idle shape, whatever its frames', () => {
    expect(idleShape({ frames: POOL.map((f) => f), class: 'select', verdict: 'healthy' })).toBe('a loop waiting for work in its entry function');
    expect(idleShape({ frames: POOL, class: 'select', verdict: 'leaking' })).toBeNull();
    // A wait below the entry function is a call in progress, not a loop waiting for work.
    expect(idleShape({ frames: [...POOL, 'example.com/svc/pool.(*Pool).run /build/svc/pool/pool.go:30'], class: 'select', verdict: 'healthy' })).toBeNull();
  });

  it('fleet-wide, the same site on two hosts is one entry with both hosts, ranked by its best score', () => {
    const a = rank([...many(2, RWLOCK, { state: 'sync.RWMutex.Lock', waitMinutes: 9 })]).r.suspects;
    const b = rank([...many(3, RWLOCK, { state: 'sync.RWMutex.Lock', waitMinutes: 2 }), goroutine(WG, { state: 'semacquire', waitMinutes: 1 })]).r.suspects;
    const fleet = rankFleetLookHere([{ host: 'a', lookHere: a }, { host: 'b', lookHere: b }]);
    expect(fleet[0]).toMatchObject({ rank: 1, hosts: ['a', 'b'], hostCount: 2, goroutines: 5, maxWaitMinutes: 9 });
    expect(fleet[0].evidence).toMatch(/^a: 2 goroutines waiting up to 9 minutes to lock an RWMutex/);
    expect(fleet).toHaveLength(2);
  });
});

const OWN = fileURLToPath(new URL('../../fixtures/stuck-dumps/', import.meta.url));
/** The public set (dumps from bug threads, not in the repository: see bench/README.md). */
const PUBLIC = process.env.FLEET_DIAG_STUCK_PUBLIC ?? '';
const HAVE_PUBLIC = PUBLIC !== '' && existsSync(`${PUBLIC}/SOURCES.tsv`);
if (!HAVE_PUBLIC) console.log('suspects.test: the public stuck set is skipped (set FLEET_DIAG_STUCK_PUBLIC to its folder; bench/stuck/get-public.sh makes it)');

describe.each([
  { name: 'test/fixtures/stuck-dumps', dir: OWN, run: true },
  { name: 'the public set (FLEET_DIAG_STUCK_PUBLIC)', dir: PUBLIC, run: HAVE_PUBLIC },
])('measured set: $name', ({ dir, run }) => {
  const rows = run ? measureSet(dir) : [];
  it.runIf(run)('every dump has a SOURCES.tsv row', () => {
    expect(unlisted(dir)).toEqual([]);
    expect(rows.length).toBeGreaterThan(0);
  });
  it.runIf(run).each(rows.filter((r) => r.kind === 'stuck'))('$file: the named site $namedSite is among the first 3 suspects', (r) => {
    expect(r.namedRank, r.top3.join('\n')).not.toBeNull();
    expect(r.namedRank).toBeLessThanOrEqual(3);
  });
  it.runIf(run).each(rows.filter((r) => r.kind !== 'stuck'))('$file ($kind) is not called leaking', (r) => {
    expect(r.verdict, r.findings.join('\n')).not.toBe('leaking');
  });
  it.runIf(run)('figures', () => {
    const f = figures(rows);
    expect(f.namedInTop3).toBe(f.stuck);
    expect(f.idleLeaking + f.crashedLeaking).toBe(0);
  });
});

describe('the single-dump rules mark the groups they flag', () => {
  it('a deadlock marks its blocked groups leaking; a one-minute lock marks its group suspect; idle groups stay as they were', () => {
    const dead = rank(
      [goroutine(WG, { state: 'semacquire' }), ...many(3, POOL, { state: 'select' })],
      [{ kind: 'deadlock', text: 'fatal error: all goroutines are asleep - deadlock!', line: 1 }],
    ).host;
    const wg = dead.groups.find((g) => g.class === 'waitgroup')!;
    expect(wg).toMatchObject({ verdict: 'leaking', leaking: true });
    expect(wg.evidence).toContain('left blocked for good by the deadlock the runtime found');
    expect(dead.groups.find((g) => g.class === 'select')?.verdict).toBe('healthy');

    const lock = rank([...many(2, RWLOCK, { state: 'sync.RWMutex.Lock', waitMinutes: 9 }), ...many(30, KEEPALIVE, { state: 'IO wait', waitMinutes: 9 })]).host;
    expect(lock.groups.find((g) => g.class === 'rwmutex')).toMatchObject({ verdict: 'suspect', leaking: false });
    expect(lock.groups.find((g) => g.class === 'io-wait')?.verdict).toBe('healthy');
  });
});
