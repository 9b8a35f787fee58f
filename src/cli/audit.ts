import { UserError } from '../core/exit-codes.js';
import { readAudit, verifyAudit } from '../audit/log.js';
import { parseDuration } from '../core/duration.js';
import { printJson, printOut, terminalLine } from './output.js';

interface AuditFlags {
  auditLog: string;
  since?: string;
  user?: string;
  host?: string;
  json?: boolean;
}

export default async function audit(action: string, flags: AuditFlags): Promise<number> {
  if (action !== 'verify' && action !== 'list') throw new UserError(`audit: unknown action '${action}' (use verify or list)`);
  try {
    if (action === 'verify') {
      const r = await verifyAudit(flags.auditLog);
      if (r.ok) {
        printOut(`${terminalLine(flags.auditLog)}: ${r.records} records, chain intact\n`);
        return 0;
      }
      printOut(`${terminalLine(`${flags.auditLog}: chain broken at line ${r.firstBad!.line}: ${r.firstBad!.reason}`)}\n`);
      return 1;
    }
    const since = flags.since ? Date.now() - parseDuration(flags.since, '--since') : 0;
    const records = await readAudit(flags.auditLog);
    const starts = new Map(records.filter((r) => r.type === 'start').map((r) => [r.runId, r]));
    const rows = records.filter((r) => {
      const start = starts.get(r.runId);
      if (Date.parse(r.at) < since) return false;
      if (flags.user && start?.user !== flags.user && start?.jobUser !== flags.user) return false;
      if (flags.host && !((start?.hosts as string[] | undefined) ?? []).includes(flags.host)) return false;
      return true;
    });
    for (const r of rows) {
      if (flags.json) {
        printJson(r, undefined);
        continue;
      }
      const start = starts.get(r.runId);
      const what = r.type === 'start'
        ? `start  ${start?.user ?? '?'}${r.job ? ` (${r.scheduler} job ${r.job}${r.jobUser ? `, by ${r.jobUser}` : ''})` : ''} ${r.inventory}${r.limit ? ` --limit ${r.limit}` : ''}: ${r.hostsTargeted} hosts`
        : r.type === 'attach'
          ? `attach ${r.host} pid ${r.pid}: paused up to ${r.pauseMs} ms, ${r.alive ? 'still running' : 'NOT RUNNING AFTERWARDS'}`
          : `end    ${r.outcome}: ${r.hostsOk}/${r.hostsTargeted} ok`;
      printOut(`${terminalLine(`${r.at}  ${r.runId}  ${what}`)}\n`);
    }
    return 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(`audit log ${flags.auditLog} does not exist`);
    throw err;
  }
}
