import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { readCollectorOutput } from '../../../src/collect/protocol.js';
import { normalizeSocketStates } from '../../../src/collect/sockets.js';
import { safePathSegment } from '../../../src/core/safe-name.js';

const b64gz = (s: string) => gzipSync(Buffer.from(s)).toString('base64').replace(/(.{76})/g, '$1\n').trim();

describe('collector protocol', () => {
  it('reads samples, files, threads and sockets', () => {
    const d1 = 'goroutine profile: total 3\n3 @ 0x1\n#\t0x1\tmain.f+0x1\t/x/main.go:3\n';
    const out = [
      'noise before', '@@fd hello 1 samples=1 interval=5', '@@fd pid 42', '@@fd sample 0 1700000000000', '@@fd total 0 3',
      '@@fd file debug1 0 gz', b64gz(d1), '@@fd end', '@@fd threads 0 9', '@@fd sockets 0 ss ESTAB=4 TIME-WAIT=2 CLOSE-WAIT=1 LISTEN=2',
      '@@fd note 0 debug=2 skipped', '@@fd done',
    ].join('\n');
    const r = readCollectorOutput(out);
    expect(r.started && r.finished).toBe(true);
    expect(r.pid).toBe(42);
    expect(r.samples).toHaveLength(1);
    const s = r.samples[0];
    expect(s.files.debug1?.toString()).toBe(d1);
    expect(s.threads).toBe(9);
    expect(s.total).toBe(3);
    expect(s.takenAt).toBe(1700000000000);
    expect(s.sockets).toEqual({ ESTABLISHED: 4, TIME_WAIT: 2, CLOSE_WAIT: 1, LISTEN: 2 });
    expect(s.notes).toEqual(['debug=2 skipped']);
  });
  it('flags a cut-off or corrupt payload instead of keeping it', () => {
    const cut = readCollectorOutput(['@@fd hello 1', '@@fd sample 0 1', '@@fd file debug1 0 gz', 'H4sIAAAA'].join('\n'));
    expect(cut.samples[0].files.debug1).toBeUndefined();
    expect(cut.samples[0].errors[0]).toMatch(/cut off/);
    expect(cut.finished).toBe(false);
    const bad = readCollectorOutput(['@@fd hello 1', '@@fd file debug1 0 gz', 'bm90IGd6aXA=', '@@fd end'].join('\n'));
    expect(bad.samples[0].errors[0]).toMatch(/corrupt/);
  });
  it('normalizes ss and netstat state names to netstat names', () => {
    expect(normalizeSocketStates({ ESTAB: 1, 'FIN-WAIT-1': 2, 'SYN-RECV': 1, ESTABLISHED: 2, UNCONN: 1 })).toEqual({ ESTABLISHED: 3, FIN_WAIT1: 2, SYN_RECV: 1, CLOSE: 1 });
  });
});

describe('node-side collector script', () => {
  const script = readFileSync(new URL('../../../roles/goroutine_snapshot/files/collect.sh', import.meta.url), 'utf8');
  it('carries no template syntax (it travels through Ansible variables as data)', () => {
    expect(script).not.toMatch(/\{\{|\{%|\{#/);
  });
  it('is POSIX sh: dash parses it and it has no bash-only syntax', () => {
    expect(script).not.toMatch(/\[\[|\bfunction\b|<<<|\$\(\(.*\+\+|\bsource\b/);
    const r = spawnSync('dash', ['-n'], { input: script });
    expect(r.status).toBe(0);
  });
});

describe('safe path segments', () => {
  it('keeps host names inside the run directory', () => {
    for (const h of ['../../etc', '/etc/passwd', '..', '.', 'a/b', 'x\0y', '']) {
      const s = safePathSegment(h);
      expect(s).not.toMatch(/\//);
      expect(s.startsWith('.')).toBe(false);
      expect(s.length).toBeGreaterThan(0);
    }
    expect(safePathSegment('web-01.example.com')).toBe('web-01.example.com');
    expect(safePathSegment('a/b')).not.toBe(safePathSegment('a_b'));
  });
});
