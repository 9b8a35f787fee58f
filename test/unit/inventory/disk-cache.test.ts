// Issue 20: a cold `run` finds a static inventory's read kept on disk from the run before (no
// ansible-inventory start); any change to a file, the ANSIBLE_* environment or the config is a
// read again; a dynamic source is never kept; a cache folder open to others is not trusted.
// Ansible's tools are fakes on PATH that count their starts.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readInventoryAndLimit } from '../../../src/inventory/cache.js';
import { cacheDir } from '../../../src/inventory/disk-cache.js';

const saved = { ...process.env };
let work: string;
let starts: string;

/** Fake ansible-inventory and ansible: log each start, answer from the inventory's first line. */
function fakeTools(dir: string): void {
  const inv = `#!/bin/sh\necho inventory >> "${starts}"\nhost=$(head -n1 "$2" | tr -d '[]\\n')\nprintf '{"_meta":{"hostvars":{"%s":{"v":1}}},"all":{"children":["ungrouped"]},"ungrouped":{"hosts":["%s"]}}' "$host" "$host"\n`;
  writeFileSync(path.join(dir, 'ansible-inventory'), inv);
  writeFileSync(path.join(dir, 'ansible'), `#!/bin/sh\necho list >> "${starts}"\nprintf '  hosts (1):\\n    %s\\n' "$(head -n1 "$2")"\n`);
  chmodSync(path.join(dir, 'ansible-inventory'), 0o755);
  chmodSync(path.join(dir, 'ansible'), 0o755);
}

const startsSoFar = () => (existsSync(starts) ? readFileSync(starts, 'utf8').trim().split('\n').filter(Boolean).length : 0);

beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'fd-invdisk-'));
  starts = path.join(work, 'starts.log');
  const bin = path.join(work, 'bin');
  mkdirSync(bin);
  fakeTools(bin);
  process.env.PATH = `${bin}:${saved.PATH}`;
  process.env.XDG_CACHE_HOME = path.join(work, 'cache');
  delete process.env.FLEET_DIAG_INVENTORY_CACHE;
});
afterEach(() => {
  process.env = { ...saved };
});

describe('the inventory kept on disk between runs', () => {
  it('is read once for a static file, and again when the file changes', async () => {
    const inv = path.join(work, 'hosts.ini');
    writeFileSync(inv, 'alpha\n');
    const first = await readInventoryAndLimit(inv, undefined, {});
    expect([...first.inv.hosts.keys()]).toEqual(['alpha']);
    expect(startsSoFar()).toBe(1);
    const second = await readInventoryAndLimit(inv, undefined, {});
    expect([...second.inv.hosts]).toEqual([...first.inv.hosts]);
    expect(startsSoFar()).toBe(1);
    writeFileSync(inv, 'bravo\n');
    utimesSync(inv, new Date(), new Date(Date.now() + 5000));
    expect([...(await readInventoryAndLimit(inv, undefined, {})).inv.hosts.keys()]).toEqual(['bravo']);
    expect(startsSoFar()).toBe(2);
  });

  it('keeps a --limit apart, and reads again under another ANSIBLE_* setting', async () => {
    const inv = path.join(work, 'hosts.ini');
    writeFileSync(inv, 'alpha\n');
    expect((await readInventoryAndLimit(inv, 'alpha', {})).limited).toEqual(['alpha']);
    expect(startsSoFar()).toBe(2); // the inventory and the limit
    expect((await readInventoryAndLimit(inv, 'alpha', {})).limited).toEqual(['alpha']);
    expect(startsSoFar()).toBe(2);
    process.env.ANSIBLE_INVENTORY_ENABLED = 'ini';
    await readInventoryAndLimit(inv, 'alpha', {});
    expect(startsSoFar()).toBe(4);
  });

  it('never keeps a dynamic source, nor reads a cache open to others, nor when turned off', async () => {
    const script = path.join(work, 'inv.sh');
    writeFileSync(script, 'alpha\n');
    chmodSync(script, 0o755); // executable: Ansible runs it
    await readInventoryAndLimit(script, undefined, {});
    await readInventoryAndLimit(script, undefined, {});
    expect(startsSoFar()).toBe(2);

    const inv = path.join(work, 'hosts.ini');
    writeFileSync(inv, 'alpha\n');
    await readInventoryAndLimit(inv, undefined, {});
    expect(startsSoFar()).toBe(3);
    chmodSync(cacheDir(), 0o777);
    await readInventoryAndLimit(inv, undefined, {});
    expect(startsSoFar()).toBe(4);
    chmodSync(cacheDir(), 0o700);
    await readInventoryAndLimit(inv, undefined, {});
    expect(startsSoFar()).toBe(4);
    process.env.FLEET_DIAG_INVENTORY_CACHE = '0';
    await readInventoryAndLimit(inv, undefined, {});
    expect(startsSoFar()).toBe(5);
  });
});

describe('the inventory cache folder', () => {
  it('keeps the newest entries only', async () => {
    const inv = path.join(work, 'hosts.ini');
    for (let i = 0; i < 70; i++) {
      writeFileSync(inv, `host${i}\n`);
      utimesSync(inv, new Date(), new Date(Date.now() + i * 1000));
      await readInventoryAndLimit(inv, undefined, {});
    }
    expect(readdirSync(cacheDir()).filter((n) => n.endsWith('.json')).length).toBe(64);
    expect(statSync(cacheDir()).mode & 0o777).toBe(0o700);
  });
});
