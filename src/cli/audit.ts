import { UserError } from '../core/exit-codes.js';
import { readAudit, verifyAudit, type AuditRecord } from '../audit/log.js';
import { parseDuration } from '../core/duration.js';
import { printJson, printOut, terminalLine } from './output.js';

interface AuditFlags {
  auditLog: string;
  since?: string;
  user?: string;
  host?: string;
  json?: boolean;
}

/** What `list` keeps of a start record to describe its end (not the record: a log can be huge). */
interface StartSeen {
  user: unknown;
  jobUser: unknown;
  hasHost: boolean;
}

export default async function audit(action: string, flags: AuditFlags): Promise<number> {
  if (action !== 'verify' && action !== 'list') throw new UserError(`audit: unknown action '${action}' (use verify or list)`);
  try {
    return action === 'verify' ? await verify(flags) : await list(flags);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(`audit log ${flags.auditLog} does not exist`);
    throw err;
  }
}

async function verify(flags: AuditFlags): Promise<number> {
  const r = await verifyAudit(flags.auditLog);
  if (!r.ok) {
    printOut(`${terminalLine(`${flags.auditLog}: chain broken at line ${r.firstBad!.line}: ${r.firstBad!.reason}`)}\n`);
    return 1;
  }
  if (r.sealsUnchecked) {
    throw new UserError(`${flags.auditLog}: ${r.sealsUnchecked} of ${r.records} records are keyed: set FLEET_DIAG_AUDIT_KEY_FILE (or FLEET_DIAG_AUDIT_KEY) to verify them`);
  }
  printOut(`${terminalLine(`${flags.auditLog}: ${r.records} records, chain intact${r.note ? `; ${r.note}` : ', anchor matches'}`)}\n`);
  return 0;
}

async function list(flags: AuditFlags): Promise<number> {
  const since = flags.since ? Date.now() - parseDuration(flags.since, '--since') : 0;
  const starts = new Map<string, StartSeen>();
  for await (const r of readAudit(flags.auditLog)) {
    if (r.type === 'start') starts.set(r.runId, { user: r.user, jobUser: r.jobUser, hasHost: flags.host !== undefined && Array.isArray(r.hosts) && r.hosts.includes(flags.host) });
    const start = starts.get(r.runId);
    if (Date.parse(r.at) < since) continue;
    if (flags.user && start?.user !== flags.user && start?.jobUser !== flags.user) continue;
    if (flags.host && !start?.hasHost) continue;
    if (flags.json) printJson(r, undefined);
    else printOut(`${terminalLine(`${r.at}  ${r.runId}  ${describe(r, start)}`)}\n`);
  }
  return 0;
}

function describe(r: AuditRecord, start: StartSeen | undefined): string {
  return r.type === 'start'
    ? `start  ${start?.user ?? '?'}${r.job ? ` (${r.scheduler} job ${r.job}${r.jobUser ? `, by ${r.jobUser}` : ''})` : ''} ${r.inventory}${r.limit ? ` --limit ${r.limit}` : ''}: ${r.hostsTargeted} hosts`
    : r.type === 'attach'
      ? `attach ${r.host} pid ${r.pid}: paused up to ${r.pauseMs} ms, ${r.alive ? 'still running' : 'NOT RUNNING AFTERWARDS'}`
      : `end    ${r.outcome}: ${r.hostsOk}/${r.hostsTargeted} ok`;
}
