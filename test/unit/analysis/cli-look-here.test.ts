// `analyze` on a dump from a ticket (issue 18): suspects[] in --json, "look here first" at the
// top of the text, the runtime's deadlock turning the verdict, an idle server not leaking.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../helpers/build.js';

const root = path.resolve(import.meta.dirname, '../../..');
const dumps = path.join(root, 'test/fixtures/stuck-dumps');
const bin = path.join(root, 'bin/fleet-diag.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, 'analyze', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(buildCli, 180_000);

describe('analyze: look here first', () => {
  it('a deadlock: leaking, suspects[] name the blocked goroutines, messages are in inputs[]', () => {
    const r = cli(['--json', path.join(dumps, 'stuck-deadlock-waitgroup.txt'), '--fail-on', 'leaking']);
    expect(r.code, r.stderr).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.verdict).toBe('leaking');
    expect(j.suspects.map((s: { location: string }) => s.location.replace(/^.*\//, ''))).toEqual(['main.go:17', 'main.go:28']);
    expect(j.suspects[0]).toMatchObject({ rank: 1, class: 'chan-send', goroutines: 1, idle: null });
    expect(j.evidence[0]).toMatch(/^the runtime found a deadlock/);
    expect(j.inputs[0].messages).toEqual([{ kind: 'deadlock', text: 'fatal error: all goroutines are asleep - deadlock!', line: 1 }]);
  });

  it('the text lists the suspects at the top, before the groups', () => {
    const out = cli([path.join(dumps, 'stuck-rlock-leak-d2.txt.gz')]).stdout;
    const lines = out.split('\n');
    const look = lines.indexOf('look here first:');
    expect(look).toBeGreaterThan(0);
    expect(look).toBeLessThan(lines.findIndex((l) => /^(findings|top groups|other top groups):$/.test(l)));
    expect(lines.slice(look + 1, look + 3).join('\n')).toContain('to lock an RWMutex at idleserver/main.go:106 in (*registry).reload');
    expect(out).toMatch(/^verdict: SUSPECT/);
  });

  it('an idle server of 300 keep-alive connections 10 minutes old is not leaking, and says its sites look idle', () => {
    const r = cli([path.join(dumps, 'idle-http-pool-d2-late.txt.gz')]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^verdict: LEAKING/);
    expect(r.stdout).toContain('look here first (every site has a known idle shape):');
    expect(r.stdout).toContain('(looks idle: an HTTP keep-alive connection)');
  });
});
