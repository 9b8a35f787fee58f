import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveInventory } from '../../../src/inventory/resolve.js';
import { EXIT, UserError } from '../../../src/core/exit-codes.js';

function dirWith(...files: string[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'fd-inv-'));
  mkdirSync(path.join(root, 'inventory'));
  for (const f of files) {
    if (f.endsWith('/')) mkdirSync(path.join(root, 'inventory', f));
    else writeFileSync(path.join(root, 'inventory', f), '[all]\nh1\n');
  }
  return root;
}

function refusal(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    return err as UserError;
  }
  throw new Error('expected a refusal');
}

describe('--inventory NAME', () => {
  it('takes prod.ini for prod, never prod-eu.ini beside it', () => {
    const root = dirWith('prod.ini', 'prod-eu.ini', 'prod_old.yml');
    expect(resolveInventory('prod', [root])).toBe(path.join(root, 'inventory', 'prod.ini'));
    expect(resolveInventory('prod-eu', [root])).toBe(path.join(root, 'inventory', 'prod-eu.ini'));
  });
  it('takes the exact name, a directory NAME/ and each of .yml .yaml .ini .json', () => {
    for (const f of ['prod', 'prod/', 'prod.yml', 'prod.yaml', 'prod.ini', 'prod.json']) {
      const root = dirWith(f, 'prod-eu.ini');
      expect(resolveInventory('prod', [root]), f).toBe(path.join(root, 'inventory', f.replace(/\/$/, '')));
    }
  });
  it('refuses a name that is not there rather than taking one that starts like it (exit 3, naming what it skipped)', () => {
    const root = dirWith('prod-eu.ini', 'production.yml');
    const e = refusal(() => resolveInventory('prod', [root]));
    expect(e).toBeInstanceOf(UserError);
    expect(e.exitCode).toBe(EXIT.usage);
    expect(e.message).toMatch(/inventory 'prod' not found/);
    expect(e.message).toContain(path.join(root, 'inventory', 'prod-eu.ini'));
  });
  it('refuses an ambiguous name with exit 3, listing every candidate', () => {
    const root = dirWith('prod.ini', 'prod.yml', 'prod/');
    const e = refusal(() => resolveInventory('prod', [root]));
    expect(e.exitCode).toBe(EXIT.usage);
    expect(e.message).toMatch(/ambiguous/);
    for (const f of ['prod', 'prod.yml', 'prod.ini']) expect(e.message).toContain(path.join(root, 'inventory', f));
  });
  it('looks in the working directory first, then the package', () => {
    const cwd = dirWith('other.ini');
    const pkg = dirWith('prod.ini');
    expect(resolveInventory('prod', [cwd, pkg])).toBe(path.join(pkg, 'inventory', 'prod.ini'));
    const both = dirWith('prod.yml');
    expect(resolveInventory('prod', [both, pkg])).toBe(path.join(both, 'inventory', 'prod.yml'));
  });
  it('passes paths and host lists through', () => {
    const root = dirWith('prod.ini');
    expect(resolveInventory(path.join(root, 'inventory', 'prod.ini'), [])).toBe(path.join(root, 'inventory', 'prod.ini'));
    expect(resolveInventory('a,b,', [root])).toBe('a,b,');
  });
});
