import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where a command named `name` is found on `env`'s PATH, as a shell would look: the first
 *  `dir/name` that `accept` takes (by default, one that exists), or null. */
export function onPath(name: string, env: Record<string, string | undefined> = process.env, accept: (file: string) => boolean = existsSync): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    if (accept(file)) return file;
  }
  return null;
}
