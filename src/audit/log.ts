import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { UserError } from '../core/exit-codes.js';
import { anchorSealProblem, nextAnchor, readAnchor, writeAnchor, type Anchor } from './anchor.js';
import { GENESIS, seal } from './chain.js';
import { auditKeyFromEnv } from './key.js';
import { logLines } from './lines.js';

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

/** The seal of a record: SHA-256, or HMAC-SHA-256 with the audit key (the record then says `keyed: true`). */
export function hashRecord(rec: Omit<AuditRecord, 'hash'>, key: Buffer | null = null): string {
  return seal(rec, key);
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

/**
 * Appends one record, chained to the last one, and moves the anchor (`LOG.anchor`) to it. Writers
 * are serialized through a lock file. With a key (FLEET_DIAG_AUDIT_KEY[_FILE]) records and anchor
 * are sealed with HMAC; a keyed log refuses unkeyed appends (a chain cannot be downgraded).
 */
export async function appendAudit(
  file: string,
  record: Omit<AuditRecord, 'hash' | 'prevHash' | 'at'> & { at?: string },
  key: Buffer | null = auditKeyFromEnv(),
): Promise<AuditRecord> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  return withLock(file, async () => {
    const prevHash = await lastHash(file);
    const found = await readAnchor(file);
    if (found !== null && found !== 'corrupt' && found.keyed && !key) {
      throw new UserError(`audit log ${file} is keyed: set FLEET_DIAG_AUDIT_KEY_FILE (or FLEET_DIAG_AUDIT_KEY) to append to it`);
    }
    const at = record.at ?? new Date().toISOString();
    const base = { ...record, at, prevHash, ...(key ? { keyed: true } : {}) } as Omit<AuditRecord, 'hash'>;
    const full = { ...base, hash: hashRecord(base, key) } as AuditRecord;
    await fs.appendFile(file, `${JSON.stringify(full)}\n`, { mode: 0o640 });
    const current: Anchor | null = found === 'corrupt' ? { version: 1, since: GENESIS, records: 0, lastHash: 'unreadable', keyed: false } : found;
    const distrust = found === 'corrupt' ? 'the anchor was unreadable' : found ? anchorSealProblem(found, key) : null;
    await writeAnchor(file, nextAnchor(current, prevHash, full.hash, at, distrust), key);
    return full;
  });
}

export interface VerifyResult {
  ok: boolean;
  records: number;
  /** 1-based line of the first bad record, and why. */
  firstBad: { line: number; reason: string } | null;
  /** Records sealed with a key that was not given: their links were checked, their seals not. */
  sealsUnchecked?: number;
  /** What the anchor could not vouch for (no anchor: truncation cannot be detected). */
  note?: string;
}

/**
 * Checks the chain line by line as it streams (never the whole log in memory), then the anchor:
 * the log must still end at the anchor's last hash, with as many records after its start.
 */
export async function verifyAudit(file: string, key: Buffer | null = auditKeyFromEnv()): Promise<VerifyResult> {
  const anchor = await readAnchor(file);
  try {
    await fs.access(file);
  } catch (err) {
    if (anchor === null || (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return { ok: false, records: 0, firstBad: { line: 1, reason: `the log is gone, but its anchor (${file}.anchor) remains: it was removed` } };
  }
  let prev = GENESIS;
  let records = 0;
  let keyedSeen = false;
  let unchecked = 0;
  let sinceAt: number | null = anchor && anchor !== 'corrupt' && anchor.since === GENESIS ? 0 : null;
  const bad = (line: number, reason: string): VerifyResult => ({ ok: false, records, firstBad: { line, reason } });
  let lastLine = 0;
  for await (const { line, text, tooLong } of logLines(file)) {
    lastLine = line;
    if (tooLong) return bad(line, 'the line is longer than any record (not an audit record)');
    if (!text.trim()) continue;
    records++;
    let rec: AuditRecord;
    try {
      rec = JSON.parse(text);
    } catch {
      return bad(line, 'not valid JSON');
    }
    if (rec === null || typeof rec !== 'object') return bad(line, 'not an audit record');
    if (rec.prevHash !== prev) return bad(line, 'prevHash does not match the record before it (a record was removed, reordered or inserted)');
    if (rec.keyed === true) {
      keyedSeen = true;
      if (key) {
        if (hashRecord(rec, key) !== rec.hash) return bad(line, 'the record does not match its keyed hash (it was edited, or the key is another)');
      } else {
        unchecked++;
      }
    } else {
      if (keyedSeen) return bad(line, 'an unkeyed record after keyed ones (the chain was rewritten without the key)');
      if (hashRecord(rec) !== rec.hash) return bad(line, 'hash does not match the record (it was edited)');
    }
    prev = rec.hash;
    if (anchor && anchor !== 'corrupt' && rec.hash === anchor.since) sinceAt = records;
  }
  const tail = lastLine + 1;
  if (anchor === 'corrupt') return bad(tail, `the anchor ${file}.anchor is unreadable`);
  if (anchor === null) {
    if (key) return bad(tail, `no anchor (${file}.anchor) although a key is set: it was removed, so a cut log would not show`);
    return { ok: true, records, firstBad: null, ...(unchecked ? { sealsUnchecked: unchecked } : {}), note: `no anchor (${file}.anchor): records cut from the end would not show` };
  }
  const sealProblem = anchorSealProblem(anchor, key);
  if (sealProblem) return bad(tail, sealProblem);
  if (anchor.broken) {
    const b = anchor.broken;
    return bad(tail, `the log was cut or rewritten before ${b.at}: it then ended at ${b.foundHash.slice(0, 12)}, where ${b.expectedRecords} records ending at ${b.expectedHash.slice(0, 12)} were anchored${b.reason ? ` (${b.reason})` : ''}`);
  }
  if (sinceAt === null) return bad(tail, `the record the anchor counts from (${anchor.since.slice(0, 12)}) is not in the log: it was cut or rewritten`);
  const after = records - sinceAt;
  if (prev !== anchor.lastHash || after !== anchor.records) {
    return bad(tail, after < anchor.records
      ? `the log ends early: the anchor expects ${anchor.records} records${anchor.since === GENESIS ? '' : ' after its start'} ending at ${anchor.lastHash.slice(0, 12)}, the log has ${after} (records were cut)`
      : `the log does not end where its anchor says (${anchor.records} records ending at ${anchor.lastHash.slice(0, 12)}; found ${after} ending at ${prev.slice(0, 12)})`);
  }
  return { ok: true, records, firstBad: null, ...(unchecked ? { sealsUnchecked: unchecked } : {}) };
}

/** The log's records as they stream; lines that are no JSON are skipped (`verify` reports them). */
export async function* readAudit(file: string): AsyncGenerator<AuditRecord> {
  await fs.access(file);
  for await (const { text, tooLong } of logLines(file)) {
    if (tooLong || !text.trim()) continue;
    try {
      yield JSON.parse(text);
    } catch {
      /* verify reports it */
    }
  }
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
