// The anchor: a sidecar (`LOG.anchor`) holding the last record's hash and how many records follow
// the one the anchor started at. A chain alone verifies when its last records are cut or the file
// is emptied; against the anchor, that shows. With a key the anchor is sealed (`mac`) too.
import { promises as fs } from 'node:fs';
import { writeFileAtomic } from '../core/atomic-write.js';
import { GENESIS, sameHex, seal } from './chain.js';

export interface Anchor {
  version: 1;
  /** The record the count starts after: GENESIS for a log anchored from its first record. */
  since: string;
  /** Records after `since`. */
  records: number;
  lastHash: string;
  keyed: boolean;
  /** Set (and kept) when an append found the log not ending where the anchor said. */
  broken?: { at: string; expectedRecords: number; expectedHash: string; foundHash: string; reason?: string };
  mac?: string;
}

export const anchorFile = (log: string): string => `${log}.anchor`;

/** The anchor, or null when there is none; an unreadable one is returned as 'corrupt'. */
export async function readAnchor(log: string): Promise<Anchor | null | 'corrupt'> {
  let text: string;
  try {
    text = await fs.readFile(anchorFile(log), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const a = JSON.parse(text) as Anchor;
    if (a?.version !== 1 || typeof a.since !== 'string' || typeof a.lastHash !== 'string' || !Number.isSafeInteger(a.records)) return 'corrupt';
    return a;
  } catch {
    return 'corrupt';
  }
}

export async function writeAnchor(log: string, a: Omit<Anchor, 'mac' | 'keyed'>, key: Buffer | null): Promise<void> {
  const { mac: _stale, ...rest } = a as Anchor;
  const body: Anchor = { ...rest, keyed: key !== null };
  if (key) body.mac = seal(body, key, 'mac');
  await writeFileAtomic(anchorFile(log), `${JSON.stringify(body)}\n`);
}

/** Why the anchor cannot be trusted with this key, or null. */
export function anchorSealProblem(a: Anchor, key: Buffer | null): string | null {
  if (!key) return null;
  if (!a.keyed || !a.mac) return 'the anchor is not keyed although a key is set (it was replaced)';
  return sameHex(seal(a, key, 'mac'), a.mac) ? null : 'the anchor does not match its key (it was edited, or the key is another)';
}

/** The anchor after appending a record with `hash` whose chain predecessor is `prevHash`. */
export function nextAnchor(current: Anchor | null, prevHash: string, hash: string, at: string, distrust: string | null = null): Omit<Anchor, 'mac' | 'keyed'> {
  if (current === null) {
    // A new log counts from its first record; an older log without anchor from here on.
    return { version: 1, since: prevHash, records: 1, lastHash: hash };
  }
  if (current.lastHash === prevHash && !distrust) return { ...current, records: current.records + 1, lastHash: hash };
  // The log does not end where the anchor says: records were cut or rewritten. Keep that on the
  // anchor for `verify`, and count anew from here.
  return {
    version: 1, since: prevHash, records: 1, lastHash: hash,
    broken: current.broken ?? { at, expectedRecords: current.records, expectedHash: current.lastHash, foundHash: prevHash, ...(distrust ? { reason: distrust } : {}) },
  };
}

export { GENESIS };
