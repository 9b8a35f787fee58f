// One flags → options function for run, gate and watch: the same flag means the same thing.
import { describe, expect, it } from 'vitest';
import { runOptionsFrom, type CollectFlags } from '../../../src/cli/run-flags.js';
import { parseVerdictFlag } from '../../../src/cli/verdict-flag.js';
import { parsePercent } from '../../../src/core/percent.js';
import { UserError } from '../../../src/core/exit-codes.js';

const base: CollectFlags = { inventory: 'inv', samples: '3', timeout: '20s', retries: '1', maxFail: '30%', maxConcurrent: '30%', executor: 'ansible', auditLog: 'a.jsonl' };

describe('runOptionsFrom', () => {
  it('reads a bare number as a percent, like 30% (run used to refuse --max-fail 30, gate took it as 30%)', () => {
    for (const v of ['30', '30%']) {
      const o = runOptionsFrom({ ...base, maxFail: v, maxConcurrent: v }, { interval: '5s', flag: '--interval' });
      expect(o.maxFail).toBeCloseTo(0.3);
      expect(o.maxConcurrent).toBeCloseTo(0.3);
    }
  });
  it('takes the sampling interval from the flag the command names', () => {
    expect(runOptionsFrom(base, { interval: '2s', flag: '--sample-interval' }).collect.intervalMs).toBe(2000);
    expect(() => runOptionsFrom(base, { interval: 'soon', flag: '--sample-interval' })).toThrow(/--sample-interval/);
  });
  it('refuses what no command accepts, as one usage error', () => {
    expect(() => runOptionsFrom({ ...base, maxFail: '130%' }, { interval: '5s', flag: '--interval' })).toThrow(UserError);
    expect(() => runOptionsFrom({ ...base, maxConcurrent: '0%' }, { interval: '5s', flag: '--interval' })).toThrow(/above 0%/);
    expect(() => runOptionsFrom({ ...base, executor: 'docker' }, { interval: '5s', flag: '--interval' })).toThrow(/ansible or ssh/);
    expect(() => runOptionsFrom({ ...base, inventory: undefined }, { interval: '5s', flag: '--interval' })).toThrow(/--inventory is required/);
  });
  it('carries --accept-new-host-keys and --verbose for every command', () => {
    const o = runOptionsFrom({ ...base, acceptNewHostKeys: true, verbose: true }, { interval: '5s', flag: '--interval' });
    expect(o.acceptNewHostKeys).toBe(true);
    expect(o.echoAnsible).toBeTypeOf('function');
  });
});

describe('parsePercent and parseVerdictFlag', () => {
  it('growth limits may go above 100%', () => {
    expect(parsePercent('250%', '--max-growth')).toBe(2.5);
    expect(() => parsePercent('101', '--min-measured', 1)).toThrow(/from 0% to 100%/);
  });
  it('--fail-on and --alert-on read suspect or leaking, nothing else', () => {
    expect(parseVerdictFlag(undefined, '--fail-on')).toBeNull();
    expect(parseVerdictFlag('leaking', '--alert-on')).toBe('leaking');
    expect(() => parseVerdictFlag('healthy', '--fail-on')).toThrow("--fail-on: 'healthy' must be suspect or leaking");
  });
});
