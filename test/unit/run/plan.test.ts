import { describe, expect, it } from 'vitest';
import { batchSizes, parseSerial } from '../../../src/plan/serial.js';
import { checkPprofUrl, targetFor } from '../../../src/plan/targets.js';
import { makePlan } from '../../../src/plan/plan.js';
import { UserError } from '../../../src/core/exit-codes.js';

describe('serial batches', () => {
  it('parses ints, percents and lists', () => {
    expect(parseSerial('1,10%,30%')).toEqual([1, '10%', '30%']);
    expect(parseSerial(undefined)).toEqual([]);
    expect(() => parseSerial('0')).toThrow(UserError);
    expect(() => parseSerial('abc')).toThrow(/--serial/);
    expect(() => parseSerial('150%')).toThrow(UserError);
  });
  it('computes batch sizes like Ansible: percent of the fleet, at least one, last entry repeats', () => {
    expect(batchSizes([1, '10%', '30%'], 20)).toEqual([1, 2, 6, 6, 5]);
    expect(batchSizes(['10%'], 5)).toEqual([1, 1, 1, 1, 1]);
    expect(batchSizes([], 7)).toEqual([7]);
    expect(batchSizes([3], 7)).toEqual([3, 3, 1]);
    expect(batchSizes([3], 0)).toEqual([]);
  });
  it('sizes forks by the largest batch, capped at 50', () => {
    const targets = Array.from({ length: 80 }, (_, i) => targetFor(`h${i}`, {}));
    const collect = { samples: 1, intervalMs: 0, timeoutMs: 1000, debug2Cap: 1, fullStacks: false };
    expect(makePlan({ targets, serial: [10], retries: 0, maxFail: 0.3, collect }).forks).toBe(10);
    expect(makePlan({ targets, serial: [], retries: 0, maxFail: 0.3, collect }).forks).toBe(50);
    expect(makePlan({ targets, serial: [], retries: 0, maxFail: 0.3, collect, forks: 7 }).forks).toBe(7);
  });
});

describe('host targets', () => {
  it('defaults to the node loopback', () => {
    expect(targetFor('a', {}).pprofUrl).toBe('http://127.0.0.1:6060');
    expect(targetFor('a', { fleet_diag_pprof_url: 'http://127.0.0.1:7070/' }).pprofUrl).toBe('http://127.0.0.1:7070');
  });
  it('rejects hostile or malformed URLs for that host only', () => {
    for (const bad of ['$(id)', 'http://x/$(id)', 'http://x/`id`', "http://x/';id;'", 'ftp://x', 'http://127.0.0.1:6060/?a=1', "http://x/{{ lookup('pipe','id') }}", 'http://x/\nid']) {
      expect(checkPprofUrl(bad), bad).not.toBeNull();
      expect(targetFor('h', { fleet_diag_pprof_url: bad }).configError).toMatch(/fleet_diag_pprof_url/);
    }
    expect(targetFor('h', { fleet_diag_process: 'a\nb' }).configError).toMatch(/single-line/);
    expect(checkPprofUrl('http://[::1]:6060')).toBeNull();
  });
});

describe('safety caps', () => {
  it('refuses hosts outside the allow-list', async () => {
    const { enforceAllowList } = await import('../../../src/plan/allow.js');
    expect(() => enforceAllowList(['web-01', 'web-02'], 'web-*')).not.toThrow();
    expect(() => enforceAllowList(['web-01', 'db-01'], 'web-*')).toThrow(/db-01/);
    expect(() => enforceAllowList(['a.b'], 'a?b')).not.toThrow();
    expect(() => enforceAllowList(['axb.c'], 'a.b*')).toThrow(UserError);
    expect(() => enforceAllowList(['anything'], undefined)).not.toThrow();
  });
  it('validates config files with one line naming the bad field', async () => {
    const { loadConfig } = await import('../../../src/config/load.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const dir = mkdtempSync('/tmp/fd-cfg-');
    writeFileSync(`${dir}/ok.yml`, 'samples: 5\ninterval: 10s\nallow: [web-*]\nexecutor: ssh\n');
    expect((await loadConfig(`${dir}/ok.yml`)).config).toEqual({ samples: 5, interval: '10s', allow: ['web-*'], executor: 'ssh' });
    writeFileSync(`${dir}/exec.yml`, 'executor: paramiko\n');
    await expect(loadConfig(`${dir}/exec.yml`)).rejects.toThrow(/exec\.yml: executor must be equal to one of the allowed values/);
    writeFileSync(`${dir}/bad.yml`, 'samples: many\n');
    await expect(loadConfig(`${dir}/bad.yml`)).rejects.toThrow(/bad\.yml: samples must be integer/);
    writeFileSync(`${dir}/typo.yml`, 'sampels: 3\n');
    await expect(loadConfig(`${dir}/typo.yml`)).rejects.toThrow(/sampels is not a known setting/);
    writeFileSync(`${dir}/yaml.yml`, 'a: [\n');
    await expect(loadConfig(`${dir}/yaml.yml`)).rejects.toThrow(/not valid YAML/);
  });
});
