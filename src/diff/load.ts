import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/exit-codes.js';
import { validateReport } from '../report/validate.js';
import type { Report } from '../report/types.js';

/** Reads RUN_DIR/report.json (or a report.json path) and checks it against the schema. */
export async function loadReport(where: string): Promise<{ report: Report; file: string }> {
  let file = where;
  const st = await fs.stat(where).catch(() => null);
  if (!st) throw new UserError(`${where}: no such run directory or report file`);
  if (st.isDirectory()) file = path.join(where, 'report.json');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new UserError(`${where}: no report.json in this directory (is it a fleet-diag run directory?)`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const problems = await validateReport(data);
  if (problems.length > 0) throw new UserError(`${file}: not a fleet-diag report: ${problems.slice(0, 2).join('; ')}`);
  return { report: data as Report, file };
}
