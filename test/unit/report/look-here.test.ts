// run's report gets the single-dump ranking (issue 18): `lookHere` per host and fleet-wide, the
// same site on two hosts once, valid against the schema; hosts' verdicts are left to growth.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCollectorOutput } from '../../../src/collect/protocol.js';
import { assembleReport } from '../../../src/report/assemble.js';
import { validateReport } from '../../../src/report/validate.js';
import { renderMarkdown } from '../../../src/report/render/markdown.js';
import { renderHtml } from '../../../src/report/render/html.js';
import type { CollectedHost } from '../../../src/collect/host-outcome.js';

const T0 = 1_700_000_000_000;
const stuck = (minutes: number, keepAlive: number) => [
  `goroutine 7 [sync.RWMutex.Lock, ${minutes} minutes]:`,
  'sync.runtime_SemacquireRWMutex(0x0?, 0x0?, 0x0?)', '\truntime/sema.go:95 +0x25',
  'sync.(*RWMutex).Lock(0x0?)', '\tsync/rwmutex.go:146 +0x71',
  'example.com/svc/registry.(*Registry).Reload(0xc00005a4c0)', '\tsvc/registry/registry.go:106 +0x25',
  'created by main.main', '\tsvc/main.go:40 +0x1c5', '',
  ...Array.from({ length: keepAlive }, (_, i) => [
    `goroutine ${100 + i} [IO wait, ${minutes} minutes]:`,
    'internal/poll.runtime_pollWait(0x7f, 0x72)', '\truntime/netpoll.go:305 +0x89',
    'internal/poll.(*FD).Read(0xc000, {0xc000, 0x1000, 0x1000})', '\tinternal/poll/fd_unix.go:167 +0x25a',
    'net.(*conn).Read(0xc000, {0xc000, 0x1000, 0x1000})', '\tnet/net.go:183 +0x45',
    'net/http.(*connReader).Read(0xc000, {0xc000, 0x1000, 0x1000})', '\tnet/http/server.go:786 +0x171',
    'bufio.(*Reader).fill(0xc000)', '\tbufio/bufio.go:106 +0x103',
    'net/http.(*conn).serve(0xc000, {0x7b, 0xc000})', '\tnet/http/server.go:1990 +0x612',
    'created by net/http.(*Server).Serve', '\tnet/http/server.go:3089 +0x5ed', '',
  ].join('\n')),
].join('\n');
const collector = (dump: string) => ['@@fd hello 1 samples=1 interval=1', `@@fd sample 0 ${T0}`, '@@fd file debug2 0 gz', gzipSync(Buffer.from(dump)).toString('base64'), '@@fd end', '@@fd done'].join('\n');

describe('lookHere in report.json', () => {
  it('per host and fleet-wide, the stuck site first, valid against the schema', async () => {
    const hosts: CollectedHost[] = [
      { host: 'a', status: 'ok', error: null, raw: readCollectorOutput(collector(stuck(9, 50))), warnings: [], attempts: 1 },
      { host: 'b', status: 'ok', error: null, raw: readCollectorOutput(collector(stuck(3, 20))), warnings: [], attempts: 1 },
    ];
    const report = await assembleReport(hosts.map((outcome) => ({ outcome, pprofUrl: 'http://127.0.0.1:6060' })), {
      id: 'r', startedAt: new Date().toISOString(), command: 'x', inventory: 'i', limit: null, executor: 'ansible', ansibleVersion: null,
      samples: 1, intervalSeconds: 5, timeoutSeconds: 20, serial: [], debug2Cap: null, passes: 1, notes: [],
    }, { interrupted: false });
    expect(await validateReport(report)).toEqual([]);
    expect(report.hosts[0].lookHere?.[0]).toMatchObject({ rank: 1, class: 'rwmutex', idle: null, evidence: '1 goroutine waiting 9 minutes to lock an RWMutex at svc/registry/registry.go:106 in (*Registry).Reload' });
    expect(report.hosts[0].lookHere?.[1]).toMatchObject({ goroutines: 50, idle: 'an HTTP keep-alive connection' });
    expect(report.lookHere?.[0]).toMatchObject({ rank: 1, hosts: ['a', 'b'], hostCount: 2, goroutines: 2, maxWaitMinutes: 9 });
    expect(report.lookHere?.[0].evidence).toMatch(/^a: 1 goroutine waiting 9 minutes to lock an RWMutex/);
    // The ranking is a pointer, not a verdict: run's verdicts stay growth's.
    expect(report.hosts.map((h) => h.verdict)).toEqual(['healthy', 'healthy']);
    const text = renderMarkdown(report);
    expect(text).toContain('## Look here first');
    expect(text).toContain('1. a: 1 goroutine waiting 9 minutes to lock an RWMutex at svc/registry/registry.go:106 in (\\*Registry).Reload (2 hosts)');
    expect(text.indexOf('## Look here first')).toBeLessThan(text.indexOf('## Fleet suspects'));
    // The HTML report has the same list, before the suspects, its text escaped.
    const page = renderHtml(report);
    expect(page).toContain('<h2>Look here first</h2>');
    expect(page).toContain('<li>a: 1 goroutine waiting 9 minutes to lock an RWMutex at svc/registry/registry.go:106 in (*Registry).Reload <span class="muted">(2 hosts)</span></li>');
    expect(page.indexOf('<h2>Look here first</h2>')).toBeLessThan(page.indexOf('<h2>Fleet suspects'));
  });
});
