// The optional audit key: FLEET_DIAG_AUDIT_KEY, or the file named by FLEET_DIAG_AUDIT_KEY_FILE
// (never a flag: argv shows in the process list). Child processes never inherit FLEET_DIAG_*.
import { readFileSync } from 'node:fs';
import { UserError } from '../core/exit-codes.js';

export function auditKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer | null {
  let text: string | undefined = env.FLEET_DIAG_AUDIT_KEY;
  if (!text && env.FLEET_DIAG_AUDIT_KEY_FILE) {
    try {
      text = readFileSync(env.FLEET_DIAG_AUDIT_KEY_FILE, 'utf8');
    } catch (err) {
      throw new UserError(`FLEET_DIAG_AUDIT_KEY_FILE: cannot read ${env.FLEET_DIAG_AUDIT_KEY_FILE} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (!text) return null;
  const key = text.trim();
  if (key.length < 16) throw new UserError('the audit key (FLEET_DIAG_AUDIT_KEY[_FILE]) is shorter than 16 characters (e.g. openssl rand -hex 32 > FILE)');
  return Buffer.from(key, 'utf8');
}
