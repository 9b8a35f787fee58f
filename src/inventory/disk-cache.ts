// What `ansible-inventory --list` (and `ansible --list-hosts` for a --limit) said of a static
// inventory, kept on disk between runs: Ansible's start and inventory parse cost 0.6-0.9 s of
// every cold `run` (at 8 hosts, half of it), for an answer that only changes when a file of the
// inventory does. Kept only for static sources (static-source.ts: plain files, their group_vars
// and host_vars, no scripts, no inventory plugins), under a key made of everything the answer
// depends on: the source's fingerprint (each file's inode, size and times), the --limit, the
// ANSIBLE_* environment, the Ansible config files Ansible would read, the ansible-inventory it
// would run, the working directory and the user. A changed file, setting or Ansible is a miss.
//
// The folder is the user's own ($XDG_CACHE_HOME or ~/.cache, then fleet-diag/inventory, mode
// 0700) and is used only when it is owned by this user and closed to others, and each entry only
// when it is a plain file of this user's closed to others (hostvars may hold connection settings);
// it keeps the 64 newest entries. FLEET_DIAG_INVENTORY_CACHE=0 turns it off.
import { createHash } from 'node:crypto';
import { promises as fs, statSync, type Stats } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HostVars } from './read.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { onPath } from '../core/on-path.js';
import { staticFingerprint } from './static-source.js';

/** A run's inventory read, as kept: hosts in inventory order with their variables. */
export interface KeptRead {
  hosts: [string, HostVars][];
  limited: string[] | null;
}

/** Where Ansible looks for its configuration, in its order of precedence. */
function configCandidates(): string[] {
  return [process.env.ANSIBLE_CONFIG ?? '', path.join(process.cwd(), 'ansible.cfg'), path.join(os.homedir(), '.ansible.cfg'), '/etc/ansible/ansible.cfg'].filter(Boolean);
}

const statLine = (st: Stats | null) => (st ? `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}` : '-');

/** The tool Ansible's CLI would run, with its file's stat (an upgrade replaces it). */
function whichTool(name: string): string {
  let st: Stats | undefined;
  const p = onPath(name, process.env, (file) => (st = statSync(file, { throwIfNoEntry: false }))?.isFile() ?? false);
  return p === null ? '-' : `${p}@${statLine(st ?? null)}`;
}

export function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME && path.isAbsolute(process.env.XDG_CACHE_HOME) ? process.env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'fleet-diag', 'inventory');
}

/** The key of a static source's read; `fingerprint` is the source's, taken just before. */
async function readKey(source: string, limit: string | undefined, fingerprint: string): Promise<string> {
  const env = Object.keys(process.env).filter((k) => k.startsWith('ANSIBLE_')).sort().map((k) => `${k}=${process.env[k]}`);
  const configs = await Promise.all(configCandidates().map(async (c) => `${c}@${statLine(await fs.stat(c).catch(() => null))}`));
  const tools = ['ansible-inventory', 'ansible'].map(whichTool);
  return JSON.stringify({ v: 1, source, limit: limit ?? null, fingerprint, env, configs, tools, path: process.env.PATH ?? '', cwd: process.cwd(), uid: process.getuid?.() ?? null });
}

const fileOf = (key: string) => path.join(cacheDir(), `${createHash('sha256').update(key).digest('hex')}.json`);

/** Ours and closed to others (a folder or a file). */
function closedToOthers(st: Stats): boolean {
  const uid = process.getuid?.();
  return (uid === undefined || st.uid === uid) && (st.mode & 0o077) === 0;
}

/** The read kept under `key`, or null (none, unreadable, not private, not for this key). */
export async function keptRead(key: string): Promise<KeptRead | null> {
  try {
    const dir = await fs.lstat(cacheDir());
    if (!dir.isDirectory() || !closedToOthers(dir)) return null;
    const file = fileOf(key);
    const st = await fs.lstat(file);
    if (!st.isFile() || !closedToOthers(st)) return null;
    const kept = JSON.parse(await fs.readFile(file, 'utf8')) as { key?: unknown; read?: KeptRead };
    if (kept.key !== key || !kept.read || !Array.isArray(kept.read.hosts)) return null;
    return kept.read;
  } catch {
    return null;
  }
}

/** Entries kept at most: each change of an inventory makes a new key, so old ones are let go. */
const MAX_ENTRIES = 64;

/** Removes the oldest entries past MAX_ENTRIES (by last write). */
async function prune(dir: string): Promise<void> {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const dated = await Promise.all(names.map(async (n) => ({ n, t: (await fs.lstat(path.join(dir, n)).catch(() => null))?.mtimeMs ?? 0 })));
  dated.sort((a, b) => a.t - b.t);
  await Promise.all(dated.slice(0, dated.length - MAX_ENTRIES).map((d) => fs.rm(path.join(dir, d.n), { force: true })));
}

/** Keeps a read under `key` (best effort: a cache that cannot be written is no error). */
export async function keepRead(key: string, read: KeptRead): Promise<void> {
  const dir = cacheDir();
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const st = await fs.lstat(dir);
    if (!st.isDirectory() || !closedToOthers(st)) return;
    await writeFileAtomic(fileOf(key), JSON.stringify({ key, read }), { mode: 0o600 });
    await prune(dir);
  } catch {
    // read again next time
  }
}

/**
 * The key of a source's read as it stands now (the fingerprint taken here), or null when it is not
 * to be kept: a dynamic source, or the cache turned off.
 */
export async function currentKey(source: string, limit: string | undefined): Promise<{ key: string | null; fingerprint: string | null }> {
  const fingerprint = process.env.FLEET_DIAG_INVENTORY_CACHE === '0' ? null : await staticFingerprint(source).catch(() => null);
  return { key: fingerprint === null ? null : await readKey(source, limit, fingerprint), fingerprint };
}
