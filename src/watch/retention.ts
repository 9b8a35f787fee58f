// Snapshots: each watch iteration is a run directory under the snapshots folder, marked as made
// by watch; retention deletes marked directories older than the window, and nothing else.
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const MARKER = '.fleet-diag-watch';

export async function markSnapshot(runDir: string, session: string, at: Date = new Date()): Promise<void> {
  await fs.writeFile(path.join(runDir, MARKER), `${JSON.stringify({ session, at: at.toISOString() })}\n`);
}

/** Deletes snapshot directories (with the marker) whose marker is older than `retainMs`; returns what it removed. */
export async function pruneSnapshots(dir: string, retainMs: number, now: Date = new Date(), keep: readonly string[] = []): Promise<string[]> {
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
      const marker = JSON.parse(await fs.readFile(path.join(full, MARKER), 'utf8')) as { at?: string };
      at = Date.parse(marker.at ?? '');
      if (!Number.isFinite(at)) at = (await fs.stat(path.join(full, MARKER))).mtimeMs;
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
