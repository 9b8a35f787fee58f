import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** One audit line. `hash` = SHA-256 over prevHash and the record without `hash`, so any edit breaks the chain. */
export interface AuditRecord {
  type: 'start' | 'end';
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

async function lastHash(file: string): Promise<string> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return GENESIS;
  }
  const lines = text.split('\n').filter((l) => l.trim());
  if (lines.length === 0) return GENESIS;
  try {
    return (JSON.parse(lines[lines.length - 1]) as AuditRecord).hash ?? GENESIS;
  } catch {
    return createHash('sha256').update(lines[lines.length - 1]).digest('hex');
  }
}

/** Appends one record, chained to the last one. Writers are serialized through a lock file. */
export async function appendAudit(file: string, record: Omit<AuditRecord, 'hash' | 'prevHash' | 'at'> & { at?: string }): Promise<AuditRecord> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  return withLock(`${file}.lock`, async () => {
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

async function withLock<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await fs.writeFile(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock left by a dead process is stale.
      const owner = Number(await fs.readFile(lock, 'utf8').catch(() => '0'));
      if (owner && !alive(owner)) await fs.rm(lock, { force: true });
      else if (Date.now() > deadline) throw new Error(`audit log is locked by process ${owner} (${lock})`);
      else await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lock, { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
