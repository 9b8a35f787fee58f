import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/exit-codes.js';
import { fromRoot } from '../core/package-root.js';

/** What `--inventory NAME` may stand for inside an `inventory/` directory, in this order. */
export const INVENTORY_SUFFIXES = ['', '.yml', '.yaml', '.ini', '.json'] as const;

/**
 * `--inventory` is a path (file, directory, or dynamic script) or a NAME that resolves to exactly
 * one of `inventory/NAME` (a file, a script or a directory) or `inventory/NAME.{yml,yaml,ini,json}`,
 * in the working directory, then in the package. Two of them side by side is ambiguous and refused
 * (listing both); `inventory/NAME-eu.ini` is never taken for NAME.
 */
export function resolveInventory(arg: string, searchDirs: string[] = [process.cwd(), fromRoot()]): string {
  if (existsSync(arg)) return path.resolve(arg);
  const near: string[] = [];
  if (!arg.includes('/') && !arg.includes(',') && arg !== '' && arg !== '.' && arg !== '..') {
    for (const dir of searchDirs) {
      const invDir = path.join(dir, 'inventory');
      if (!existsSync(invDir) || !statSync(invDir).isDirectory()) continue;
      const entries = readdirSync(invDir);
      const hits = INVENTORY_SUFFIXES.map((s) => `${arg}${s}`).filter((f) => entries.includes(f));
      if (hits.length === 1) return path.join(invDir, hits[0]);
      if (hits.length > 1) {
        throw new UserError(`inventory '${arg}' is ambiguous: ${hits.map((h) => path.join(invDir, h)).join(', ')} (give the path of the one you mean)`);
      }
      near.push(...entries.filter((f) => f.startsWith(arg)).map((f) => path.join(invDir, f)));
    }
  }
  // Ansible also takes a comma-separated host list ("a,b,").
  if (arg.includes(',')) return arg;
  const hint = near.length > 0 ? `; not taken for it: ${near.slice(0, 5).join(', ')}` : '';
  throw new UserError(`inventory '${arg}' not found (give a path, or a NAME for inventory/NAME, inventory/NAME/ or inventory/NAME.{yml,yaml,ini,json})${hint}`);
}
