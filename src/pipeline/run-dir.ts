import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { utcStamp } from '../core/stamp.js';
import { UserError } from '../core/exit-codes.js';

/** `runs/<UTC stamp>-<id>/`: every run is hermetic, in a directory of its own. */
export async function makeRunDir(out: string | undefined): Promise<{ id: string; dir: string }> {
  const id = randomBytes(4).toString('hex');
  const stamp = utcStamp();
  const dir = path.resolve(out ?? path.join('runs', `${stamp}-${id}`));
  await claimDir(dir, out === undefined ? 'the run directory' : '--out');
  await fs.mkdir(path.join(dir, 'hosts'));
  return { id: out ? `${path.basename(dir)}-${id}` : `${stamp}-${id}`, dir };
}

/**
 * A new directory, or an existing empty one only we (and root) can write to. Never one with
 * content: a link planted there would send our files (and the nodes' dumps) where it points, and
 * an old events.jsonl would be read as this run's.
 */
async function claimDir(dir: string, what: string): Promise<void> {
  const st = await fs.stat(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw new UserError(`${what} ${dir}: ${err.code ?? err.message}`);
  });
  if (st === null) {
    await fs.mkdir(path.dirname(dir), { recursive: true });
    try {
      await fs.mkdir(dir, { mode: 0o755 });
      return;
    } catch (err) {
      // Created meanwhile by someone else: judged like any existing directory below.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return claimDir(dir, what);
    }
  }
  if (!st.isDirectory()) throw new UserError(`${what} ${dir} exists and is not a directory`);
  if ((await fs.readdir(dir)).length > 0) throw new UserError(`${what} ${dir} is not empty: give a new or empty directory (files there would be overwritten, links followed)`);
  if (st.mode & 0o002) throw new UserError(`${what} ${dir} is writable by everyone: give a directory only you can write to`);
}
