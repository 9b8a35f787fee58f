import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { utcStamp } from '../core/stamp.js';

/** `runs/<UTC stamp>-<id>/`: every run is hermetic, in a directory of its own. */
export async function makeRunDir(out: string | undefined): Promise<{ id: string; dir: string }> {
  const id = randomBytes(4).toString('hex');
  const stamp = utcStamp();
  const dir = path.resolve(out ?? path.join('runs', `${stamp}-${id}`));
  await fs.mkdir(path.join(dir, 'hosts'), { recursive: true });
  return { id: out ? `${path.basename(dir)}-${id}` : `${stamp}-${id}`, dir };
}
