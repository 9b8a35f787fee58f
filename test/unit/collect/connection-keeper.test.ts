// Connections kept across the runs of a watch or gate (issue 20).
import { describe, expect, it } from 'vitest';
import { ConnectionKeeper, keepIdleSeconds } from '../../../src/collect/connection-keeper.js';
import { ansibleConfig } from '../../../src/executors/ansible/config.js';

describe('ConnectionKeeper', () => {
  it('makes a value once, hands the same one to every run, and closes everything once, newest first', async () => {
    const k = new ConnectionKeeper(120);
    const closed: string[] = [];
    let made = 0;
    const make = (name: string) => async (onClose: (f: () => Promise<void>) => void) => {
      made++;
      onClose(async () => void closed.push(name));
      return name;
    };
    expect(await k.keep('a', make('a'))).toBe('a');
    expect(await k.keep('a', make('a'))).toBe('a');
    expect(await k.keep('b', make('b'))).toBe('b');
    expect(made).toBe(2);
    await k.close();
    await k.close();
    expect(closed).toEqual(['b', 'a']);
    expect(() => k.keep('a', make('a'))).toThrow(/after close/);
  });

  it('does not keep a failed value, and one failing close does not keep the rest open', async () => {
    const k = new ConnectionKeeper(60);
    await expect(k.keep('x', async () => { throw new Error('no'); })).rejects.toThrow('no');
    expect(await k.keep('x', async () => 'yes')).toBe('yes');
    const closed: string[] = [];
    await k.keep('y', async (on) => { on(async () => { throw new Error('stuck'); }); return 1; });
    await k.keep('z', async (on) => { on(async () => void closed.push('z')); return 1; });
    await k.keep('w', async (on) => { on(async () => void closed.push('w')); return 1; });
    await k.close();
    expect(closed).toEqual(['w', 'z']);
  });

  it('keeps idle connections a bounded time: twice the gap plus a minute, 1 to 15 minutes', () => {
    expect(keepIdleSeconds(1000)).toBe(62);
    expect(keepIdleSeconds(60_000)).toBe(180);
    expect(keepIdleSeconds(0)).toBe(60);
    expect(keepIdleSeconds(3_600_000)).toBe(900);
  });

  it('Ansible: ControlPersist is the keeper\'s bound, 60 s for a run alone', () => {
    const cfg = (persistSeconds?: number) => ansibleConfig({ forks: 5, controlPathDir: '/tmp/x', connectTimeout: 10, persist: true, persistSeconds });
    expect(cfg(180)).toContain('-o ControlMaster=auto -o ControlPersist=180s');
    expect(cfg()).toContain('-o ControlPersist=60s');
    expect(ansibleConfig({ forks: 5, controlPathDir: '/tmp/x', connectTimeout: 10, persist: false })).toContain('-o ControlMaster=no');
  });
});
