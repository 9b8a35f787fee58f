// Snapshots: each watch iteration is a run directory under the snapshots folder, marked as made
// by watch and by which watch (its inventory and limit); retention deletes this watch's marked
// directories older than the window, and nothing else: not another watch's sharing the folder,
// not a directory whose marker says nothing of its watch or its time.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** The same watch across restarts: what it watches (the resolved inventory and the limit). */
export function watchIdentity(inventory: string, limit: string | null | undefined): string {
  return createHash('sha256').update(`${inventory}\0${limit ?? ''}`).digest('hex').slice(0, 16);
}

export const MARKER = '.fleet-diag-watch';

export async function markSnapshot(runDir: string, session: string, watch: string, at: Date = new Date()): Promise<void> {
  await fs.writeFile(path.join(runDir, MARKER), `${JSON.stringify({ session, watch, at: at.toISOString() })}\n`);
}

/** Deletes this watch's snapshot directories whose marker is older than `retainMs`; returns what it removed. */
export async function pruneSnapshots(dir: string, retainMs: number, watch: string, now: Date = new Date(), keep: readonly string[] = []): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const removed: string[] = [];
  const kept = new Set(keep.map((k) => path.resolve(k)));
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const full = path.resolve(dir, e.name);
    if (kept.has(full)) continue;
    let at: number;
    try {
      const marker = JSON.parse(await fs.readFile(path.join(full, MARKER), 'utf8')) as { at?: unknown; watch?: unknown } | null;
      if (marker?.watch !== watch || typeof marker.at !== 'string') continue; // another watch's, or says nothing
      at = Date.parse(marker.at);
      if (!Number.isFinite(at)) continue;
    } catch {
      continue; // not ours
    }
    if (now.getTime() - at > retainMs) {
      await fs.rm(full, { recursive: true, force: true });
      removed.push(full);
    }
  }
  return removed;
}
