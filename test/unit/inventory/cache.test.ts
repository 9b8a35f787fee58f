// Issue 20: a watch or gate reads a static inventory once (again only when a file changed); a
// dynamic one (a script, an inventory plugin's config) at every run.
import { chmodSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticFingerprint } from '../../../src/inventory/static-source.js';
import { InventoryCache, type InventoryRead } from '../../../src/inventory/cache.js';

const dir = () => mkdtempSync(path.join(tmpdir(), 'fd-invcache-'));

function counting(): { reader: ConstructorParameters<typeof InventoryCache>[0]; calls: () => number } {
  let n = 0;
  const reader = async (source: string): Promise<InventoryRead> => {
    n++;
    return { inv: { source, hosts: new Map([[`h${n}`, {}]]) }, limited: null };
  };
  return { reader, calls: () => n };
}

describe('staticFingerprint', () => {
  it('takes an INI file with its group_vars and host_vars', async () => {
    const d = dir();
    const inv = path.join(d, 'hosts.ini');
    writeFileSync(inv, '[web]\nh1 ansible_host=10.0.0.1\n');
    mkdirSync(path.join(d, 'group_vars'));
    writeFileSync(path.join(d, 'group_vars', 'web.yml'), 'fleet_diag_process: api\n');
    const a = await staticFingerprint(inv);
    expect(a).not.toBeNull();
    writeFileSync(path.join(d, 'group_vars', 'web.yml'), 'fleet_diag_process: api2\n');
    utimesSync(path.join(d, 'group_vars', 'web.yml'), new Date(), new Date(Date.now() + 5000));
    expect(await staticFingerprint(inv)).not.toBe(a);
  });

  it('refuses an executable script and a plugin config, in a file or a folder', async () => {
    const d = dir();
    const script = path.join(d, 'inv.py');
    writeFileSync(script, '#!/bin/sh\necho {}\n');
    chmodSync(script, 0o755);
    expect(await staticFingerprint(script)).toBeNull();
    const plugin = path.join(d, 'aws_ec2.yml');
    writeFileSync(plugin, '---\nplugin: amazon.aws.aws_ec2\nregions: [eu-west-1]\n');
    expect(await staticFingerprint(plugin)).toBeNull();
    const folder = path.join(d, 'prod');
    mkdirSync(folder);
    writeFileSync(path.join(folder, '01-static.ini'), 'h1\n');
    expect(await staticFingerprint(folder)).not.toBeNull();
    writeFileSync(path.join(folder, '02-cloud.yml'), 'plugin: constructed\n');
    expect(await staticFingerprint(folder)).toBeNull();
    const json = path.join(d, 'cloud.json');
    writeFileSync(json, '{"plugin": "amazon.aws.aws_ec2", "regions": ["eu-west-1"]}');
    expect(await staticFingerprint(json)).toBeNull();
    const vars = path.join(d, 'static.yml');
    writeFileSync(vars, 'all:\n  hosts:\n    h1:\n      my_plugin_dir: /opt\n');
    expect(await staticFingerprint(vars)).not.toBeNull();
  });

  it('takes a host list, refuses a path that is not there', async () => {
    expect(await staticFingerprint('a,b,')).toBe('list:a,b,');
    expect(await staticFingerprint(path.join(dir(), 'missing'))).toBeNull();
  });
});

describe('InventoryCache', () => {
  it('reads a static inventory once until a file changes', async () => {
    const d = dir();
    const inv = path.join(d, 'hosts.yml');
    writeFileSync(inv, 'all:\n  hosts:\n    h1:\n');
    const { reader, calls } = counting();
    const cache = new InventoryCache(reader);
    const first = await cache.read(inv, undefined, {});
    expect(await cache.read(inv, undefined, {})).toBe(first);
    expect(calls()).toBe(1);
    // Another --limit is another read.
    await cache.read(inv, 'h1', {});
    expect(calls()).toBe(2);
    writeFileSync(inv, 'all:\n  hosts:\n    h1:\n    h2:\n');
    utimesSync(inv, new Date(), new Date(Date.now() + 5000));
    await cache.read(inv, undefined, {});
    expect(calls()).toBe(3);
  });

  it('reads a dynamic inventory every time', async () => {
    const script = path.join(dir(), 'inv.sh');
    writeFileSync(script, '#!/bin/sh\necho {}\n');
    chmodSync(script, 0o755);
    const { reader, calls } = counting();
    const cache = new InventoryCache(reader);
    await cache.read(script, undefined, {});
    await cache.read(script, undefined, {});
    expect(calls()).toBe(2);
  });
});
