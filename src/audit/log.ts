import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/** One audit line. `hash` = SHA-256 over prevHash and the record without `hash`, so any edit breaks the chain. */
export interface AuditRecord {
  /** A run's start and end; `attach`: one Delve attach to a service (run --attach). */
  type: 'start' | 'end' | 'attach';
  runId: string;
  at: string;
  prevHash: string;
  hash: string;
  [field: string]: unknown;
}

const GENESIS = '0'.repeat(64);

export function hashRecord(rec: Omit<AuditRecord, 'hash'>): string {
  const { hash: _drop, ...rest } = rec as AuditRecord;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** JSON with sorted keys: the hash must not depend on property order. */
function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** First bytes read from the end of the log for the last record; doubled until a whole line is in. */
const TAIL = 64 * 1024;

/**
 * The hash of the log's last record, reading only its tail (a long `watch` appends for months: the
 * whole log is never read to append). A torn or foreign last line chains on the hash of its text.
 */
export async function lastHash(file: string): Promise<string> {
  let handle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return GENESIS;
  }
  try {
    const size = (await handle.stat()).size;
    for (let want = Math.min(TAIL, size); ; want = Math.min(want * 2, size)) {
      const buf = Buffer.alloc(want);
      const { bytesRead } = await handle.read(buf, 0, want, size - want);
      const text = buf.subarray(0, bytesRead).toString('utf8');
      const end = text.trimEnd();
      const start = end.lastIndexOf('\n');
      // A whole last line: a newline before it, or the whole file read.
      if (start >= 0 || want >= size) {
        const last = end.slice(start + 1).trim();
        if (last === '') return GENESIS;
        try {
          return (JSON.parse(last) as AuditRecord).hash ?? GENESIS;
        } catch {
          return createHash('sha256').update(last).digest('hex');
        }
      }
    }
  } finally {
    await handle.close();
  }
}

/** Appends one record, chained to the last one. Writers are serialized through a lock file. */
export async function appendAudit(file: string, record: Omit<AuditRecord, 'hash' | 'prevHash' | 'at'> & { at?: string }): Promise<AuditRecord> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  return withLock(file, async () => {
    const prevHash = await lastHash(file);
    const base = { ...record, at: record.at ?? new Date().toISOString(), prevHash } as Omit<AuditRecord, 'hash'>;
    const full = { ...base, hash: hashRecord(base) } as AuditRecord;
    await fs.appendFile(file, `${JSON.stringify(full)}\n`, { mode: 0o640 });
    return full;
  });
}

export interface VerifyResult {
  ok: boolean;
  records: number;
  /** 1-based line of the first bad record, and why. */
  firstBad: { line: number; reason: string } | null;
}

export async function verifyAudit(file: string): Promise<VerifyResult> {
  const text = await fs.readFile(file, 'utf8');
  const lines = text.split('\n');
  let prev = GENESIS;
  let records = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    records++;
    let rec: AuditRecord;
    try {
      rec = JSON.parse(lines[i]);
    } catch {
      return { ok: false, records, firstBad: { line: i + 1, reason: 'not valid JSON' } };
    }
    if (rec.prevHash !== prev) return { ok: false, records, firstBad: { line: i + 1, reason: 'prevHash does not match the record before it (a record was removed, reordered or inserted)' } };
    if (hashRecord(rec) !== rec.hash) return { ok: false, records, firstBad: { line: i + 1, reason: 'hash does not match the record (it was edited)' } };
    prev = rec.hash;
  }
  return { ok: true, records, firstBad: null };
}

export async function readAudit(file: string): Promise<AuditRecord[]> {
  const text = await fs.readFile(file, 'utf8');
  const out: AuditRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      /* verify reports it */
    }
  }
  return out;
}

/** A lock older than this (not refreshed by its holder, which proper-lockfile does every 2 s) is stale. */
const STALE_MS = 10_000;

/**
 * Serializes writers of one log across processes with proper-lockfile (an atomic mkdir of
 * `FILE.lock`, kept fresh by its holder; a lock not refreshed for 10 s is stale, whoever's it was):
 * two runs appending at once keep one chain. Waits up to ~10 s for another writer.
 */
async function withLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const lockPath = `${file}.lock`;
  const options = {
    realpath: false,
    lockfilePath: lockPath,
    stale: STALE_MS,
    update: 2_000,
    retries: { retries: 250, factor: 1, minTimeout: 20, maxTimeout: 60, randomize: true },
    // The lock is held for one append: losing it cannot corrupt anything here, and must not crash.
    onCompromised: () => {},
  };
  let release: (() => Promise<void>) | null = null;
  for (let attempt = 0; release === null; attempt++) {
    try {
      release = await lockfile.lock(file, options);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOCKED') throw new Error(`audit log ${file} is locked by another writer (${lockPath}); if none is running, the lock is stale in ${STALE_MS / 1000} s`);
      // A plain file left by an older fleet-diag's lock: stale once old enough, like a lock directory.
      if (code !== 'ENOTDIR' || attempt >= 3) throw err;
      await removeOldLockFile(lockPath);
    }
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
  }
}

async function removeOldLockFile(lockPath: string): Promise<void> {
  const st = await fs.stat(lockPath).catch(() => null);
  if (!st || !st.isFile() || Date.now() - st.mtimeMs < STALE_MS) return;
  // Another writer may have replaced it with a lock directory meanwhile: that one is not removed.
  await fs.unlink(lockPath).catch(() => {});
}
