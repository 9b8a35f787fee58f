import { describe, expect, it } from 'vitest';
import { batchSizes, parseSerial } from '../../../src/plan/serial.js';
import { checkPprofUrl, targetFor } from '../../../src/plan/targets.js';
import { makePlan } from '../../../src/plan/plan.js';
import { UserError } from '../../../src/cli/exit-codes.js';

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
