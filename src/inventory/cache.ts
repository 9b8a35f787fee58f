import { listHosts, readInventory, readInventoryEarly, type Inventory } from './read.js';
import { currentKey, keepRead, keptRead } from './disk-cache.js';
import type { ToolBounds } from './ansible-cli.js';
import { staticFingerprint } from './static-source.js';

/** What a run reads of its inventory: every host with its variables, and the hosts its --limit selects. */
export interface InventoryRead {
  inv: Inventory;
  limited: string[] | null;
}

/**
 * The inventory (and the --limit's hosts): as kept on disk from an earlier run when the source is
 * static and nothing it depends on changed (disk-cache.ts), else read through Ansible's tools.
 */
export async function readInventoryAndLimit(source: string, limit: string | undefined, bounds: ToolBounds): Promise<InventoryRead> {
  const { key, fingerprint } = await currentKey(source, limit);
  const kept = key ? await keptRead(key) : null;
  if (kept) return { inv: { source, hosts: new Map(kept.hosts) }, limited: kept.limited };
  const read = await readThroughAnsible(source, limit, bounds);
  // kept only if no file of the source changed while Ansible read it
  if (key && (await staticFingerprint(source).catch(() => null)) === fingerprint) await keepRead(key, { hosts: [...read.inv.hosts], limited: read.limited });
  return read;
}

/** Starts Ansible's inventory read ahead of the run (read.ts), unless the run will find it kept. */
export async function readInventoryEarlyUnlessKept(source: string, limit: string | undefined): Promise<void> {
  const { key } = await currentKey(source, limit);
  if (key && (await keptRead(key))) return;
  readInventoryEarly(source, limit);
}

/** Reads the inventory (and the --limit's hosts) through Ansible's tools, both at once. */
async function readThroughAnsible(source: string, limit: string | undefined, bounds: ToolBounds): Promise<InventoryRead> {
  const reading = readInventory(source, bounds);
  const [inv, limited] = await Promise.all([reading, limit ? listHosts(source, limit, reading.then((i) => i.hosts), bounds) : Promise.resolve(null)]);
  return { inv, limited };
}

/**
 * Inventory reads kept for the runs of one watch or gate (`ansible-inventory --list` costs
 * 0.6-1 s a run). A static source is read again only when one of its files changed; a dynamic
 * one (scripts, inventory plugins) every time.
 */
export class InventoryCache {
  private readonly kept = new Map<string, { fingerprint: string; read: InventoryRead }>();

  constructor(private readonly reader: typeof readInventoryAndLimit = readInventoryAndLimit) {}

  async read(source: string, limit: string | undefined, bounds: ToolBounds): Promise<InventoryRead> {
    const key = JSON.stringify([source, limit ?? null]);
    const before = await staticFingerprint(source).catch(() => null);
    const hit = this.kept.get(key);
    if (before !== null && hit?.fingerprint === before) return hit.read;
    const read = await this.reader(source, limit, bounds);
    // Kept only if nothing changed while Ansible read it.
    const after = await staticFingerprint(source).catch(() => null);
    if (before !== null && after === before) this.kept.set(key, { fingerprint: before, read });
    else this.kept.delete(key);
    return read;
  }
}
