import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';

// Whether an inventory source is static (plain INI/YAML/JSON/TOML files, their group_vars and
// host_vars) and, if so, a fingerprint of every file Ansible would read for it. A watch or gate
// reads a static inventory again only when its fingerprint changes; a dynamic one (an executable
// script, an inventory plugin's config, a custom plugin folder) is read every time, because what
// it answers can change while its files do not.

/** A walk over more entries than this is not worth fingerprinting: treated as dynamic. */
const MAX_ENTRIES = 5000;
/** Only the head of a file is looked at for a plugin config's `plugin:` key. */
const HEAD_BYTES = 64 * 1024;
/** Folders of variables: their files are data, never run, whatever their mode. */
const VARS_DIRS = new Set(['group_vars', 'host_vars']);
/** Folders that bring plugins of their own: whatever they do is live. */
const PLUGIN_DIRS = new Set(['inventory_plugins', 'vars_plugins']);

/** The fingerprint of a static source, or null when it is dynamic (or cannot be told). */
export async function staticFingerprint(source: string): Promise<string | null> {
  let st: Stats;
  try {
    st = await fs.stat(source);
  } catch {
    // Ansible's host list ("a,b,"): nothing to read again.
    return source.includes(',') ? `list:${source}` : null;
  }
  const parts: string[] = [];
  const budget = { left: MAX_ENTRIES };
  if (st.isDirectory()) {
    if (!(await walk(source, parts, budget, false))) return null;
  } else {
    if (!(await staticFile(source, st))) return null;
    parts.push(entry(source, st));
    // A file's variables come from group_vars/ and host_vars/ beside it.
    for (const d of VARS_DIRS) {
      const dir = path.join(path.dirname(source), d);
      const ds = await fs.stat(dir).catch(() => null);
      if (ds?.isDirectory() && !(await walk(dir, parts, budget, true))) return null;
    }
  }
  return parts.join('\n');
}

const entry = (p: string, st: Stats) => `${p}\0${st.ino}\0${st.size}\0${st.mtimeMs}\0${st.ctimeMs}`;

async function walk(dir: string, parts: string[], budget: { left: number }, vars: boolean): Promise<boolean> {
  const ds = await fs.stat(dir);
  parts.push(entry(dir, ds)); // a folder's mtime changes when a file is added or removed
  const names = (await fs.readdir(dir)).sort();
  for (const name of names) {
    if (--budget.left < 0) return false;
    const p = path.join(dir, name);
    const st = await fs.stat(p).catch(() => null);
    if (!st) return false; // a dangling link: let Ansible say what it makes of it, every time
    if (st.isDirectory()) {
      if (!vars && PLUGIN_DIRS.has(name)) return false;
      if (!(await walk(p, parts, budget, vars || VARS_DIRS.has(name)))) return false;
      continue;
    }
    if (!vars && !(await staticFile(p, st))) return false;
    parts.push(entry(p, st));
  }
  return true;
}

/** A plain inventory file: not executable (Ansible would run it) and no inventory plugin's config. */
async function staticFile(p: string, st: Stats): Promise<boolean> {
  if (!st.isFile()) return false;
  if ((st.mode & 0o111) !== 0) return false;
  const fh = await fs.open(p, 'r');
  try {
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, st.size));
    await fh.read(buf, 0, buf.length, 0);
    // `plugin: amazon.aws.aws_ec2` and the like: the auto plugin hands the file to a live plugin.
    // Anywhere in the file (JSON may be on one line): a variable of that name only costs a read.
    return !/["']?\bplugin["']?\s*:/.test(buf.toString('utf8'));
  } finally {
    await fh.close();
  }
}
