import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/exit-codes.js';
import { fromRoot } from '../core/package-root.js';

/**
 * `--inventory` is a path (file, directory, or dynamic script) or a NAME that resolves to
 * `inventory/NAME*` in the working directory, then in the package.
 */
export function resolveInventory(arg: string, searchDirs: string[] = [process.cwd(), fromRoot()]): string {
  if (existsSync(arg)) return path.resolve(arg);
  if (!arg.includes('/') && !arg.includes(',')) {
    for (const dir of searchDirs) {
      const invDir = path.join(dir, 'inventory');
      if (!existsSync(invDir) || !statSync(invDir).isDirectory()) continue;
      const hits = readdirSync(invDir)
        .filter((f) => f === arg || f.startsWith(`${arg}.`) || f.startsWith(`${arg}_`) || f.startsWith(`${arg}-`))
        .sort();
      if (hits.length > 0) return path.join(invDir, hits[0]);
    }
  }
  // Ansible also takes a comma-separated host list ("a,b,").
  if (arg.includes(',')) return arg;
  throw new UserError(`inventory '${arg}' not found (give a path, or a NAME for inventory/NAME*)`);
}
