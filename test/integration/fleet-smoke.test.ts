// The test fleet itself: hosts answer over SSH with pinned host keys, each sees only its own
// processes, its leaky service leaks as asked, and Ansible reaches them all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { isRoot, leakSite, startFleet, stopFleet, type Fleet } from '../fleet/fleet.js';

// A prefix and subnet of its own, so this file never replaces a fleet another test is using.
const where = { ns: 'fds', net: 214 };
const total = (dump: string) => Number(/goroutine profile: total (\d+)/.exec(dump)?.[1] ?? NaN);

describe.skipIf(!isRoot)('test fleet', () => {
  let fleet: Fleet;

  beforeAll(async () => {
    fleet = await startFleet(
      [{ leak: 'chan-receive', rate: 20 }, { leak: 'mutex', rate: 10, pool: 50 }, { service: 'stopped' }],
      where,
    );
  }, 120_000);

  afterAll(async () => {
    await stopFleet(where);
  });

  it('answers over SSH on each host address, with the host key pinned', async () => {
    expect(fleet.hosts).toEqual(['h1', 'h2', 'h3']);
    for (const [i, h] of fleet.hosts.entries()) {
      const r = await execa('ip', ['netns', 'exec', fleet.ctl, 'ssh', '-i', fleet.keyPath, '-o', `UserKnownHostsFile=${fleet.knownHostsPath}`,
        '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', `root@10.214.0.${11 + i}`, 'hostname; ip -4 -br addr show eth0']);
      expect(r.stdout).toMatch(new RegExp(`^${h}\\n.*10\\.214\\.0\\.${11 + i}/24`));
    }
  });

  it('refuses a host whose key does not match the pinned one', async () => {
    const r = await execa('ip', ['netns', 'exec', fleet.ctl, 'ssh', '-i', fleet.keyPath, '-o', 'UserKnownHostsFile=/dev/null',
      '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', 'root@10.214.0.11', 'true'], { reject: false });
    expect(r.exitCode).toBe(255);
    expect(r.stderr).toMatch(/Host key verification failed/);
  });

  it('shows the leak growing on the host, at the leak site', async () => {
    const dump = () => fleet.ssh('h1', 'curl -s "127.0.0.1:6060/debug/pprof/goroutine?debug=1"');
    const first = await dump();
    await new Promise((r) => setTimeout(r, 1500));
    const second = await dump();
    expect(total(second.stdout) - total(first.stdout)).toBeGreaterThanOrEqual(20);
    const site = leakSite('chan-receive');
    expect(second.stdout).toContain(`${site.function}+`);
    expect(second.stdout).toMatch(new RegExp(`${site.function}\\+0x[0-9a-f]+\\s+${site.location.replace('.', '\\.')}\\n`));
    const mutex = leakSite('mutex');
    expect((await fleet.ssh('h2', 'curl -s "127.0.0.1:6060/debug/pprof/goroutine?debug=1"')).stdout).toContain(mutex.location);
  });

  it('gives each host its own processes, hostname and pprof port', async () => {
    for (const h of fleet.hosts) {
      const ps = await fleet.ssh(h, 'ps -e -o pid=,comm=');
      const procs = ps.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
      expect(procs.find(([pid]) => pid === '1')?.[1]).toBe('bash'); // the host's own init
      expect(procs.filter(([, c]) => c === 'leaky')).toHaveLength(h === 'h3' ? 0 : 1);
      expect(procs.filter(([, c]) => c === 'sshd').length).toBeLessThanOrEqual(3); // listener + this session
      expect(procs.length).toBeLessThan(15);
    }
    const h3 = await fleet.ssh('h3', 'curl -s -o /dev/null -w "%{http_code}" 127.0.0.1:6060/healthz');
    expect(h3.stdout).toBe('000'); // service stopped on h3: nothing listens there
    expect(await fleet.exec('h2', 'hostname; cat /proc/1/comm')).toBe('h2\nbash');
  });

  it('is reachable by Ansible on every host, host keys checked', async () => {
    const r = await execa('ip', ['netns', 'exec', fleet.ctl, 'ansible', '-i', fleet.inventoryPath, 'all', '-m', 'raw', '-a', 'hostname', '-o'],
      { reject: false, env: { ANSIBLE_HOST_KEY_CHECKING: 'True' } });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    for (const h of fleet.hosts) expect(r.stdout).toMatch(new RegExp(`^${h} \\| CHANGED \\| rc=0 \\| \\(stdout\\) ${h}`, 'm'));
  });

  it('injects faults on a running host', async () => {
    await fleet.act('h1', 'stop-sshd');
    expect((await fleet.ssh('h1', 'true')).stderr).toMatch(/Connection refused/);
    await fleet.act('h1', 'start-sshd');
    await expect.poll(async () => (await fleet.ssh('h1', 'echo up')).stdout, { timeout: 5000 }).toBe('up');
  });
});
