import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/exit-codes.js';
import { validateReport } from '../report/validate.js';
import type { Report } from '../report/types.js';
import { completeReport } from '../report/complete.js';

/** Far above any report fleet-diag writes; a bigger file is not read into memory. */
const MAX_REPORT_BYTES = 512 * 1024 * 1024;

/** Reads RUN_DIR/report.json (or a report.json path) and checks it against the schema. */
export async function loadReport(where: string): Promise<{ report: Report; file: string }> {
  let file = where;
  const st = await fs.stat(where).catch(() => null);
  if (!st) throw new UserError(`${where}: no such run directory or report file`);
  if (st.isDirectory()) file = path.join(where, 'report.json');
  // A FIFO or a device would block the read (or never end): only a regular file is read.
  const fst = st.isDirectory() ? await fs.stat(file).catch(() => null) : st;
  if (!fst) throw new UserError(`${where}: no report.json in this directory (is it a fleet-diag run directory?)`);
  if (!fst.isFile()) throw new UserError(`${file}: not a regular file (a FIFO, device or socket is not read)`);
  if (fst.size > MAX_REPORT_BYTES) throw new UserError(`${file}: ${Math.round(fst.size / 2 ** 20)} MB is larger than any report (${MAX_REPORT_BYTES / 2 ** 20} MB at most)`);
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
  return { report: completeReport(data as Report), file };
}
