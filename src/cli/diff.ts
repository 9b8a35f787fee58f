// `fleet-diag diff RUN_A RUN_B`: which stack groups are new, grew, shrank or went away, per host and fleet-wide.
import { diffReports } from '../diff/compare.js';
import { loadReport } from '../diff/load.js';
import { renderDiff } from '../diff/render.js';
import { EXIT, UserError } from '../core/exit-codes.js';
import { printJson, printOut, terminalSafe } from './output.js';

interface DiffFlags {
  json?: boolean;
  top: string;
}

export default async function diff(runA: string, runB: string, flags: DiffFlags): Promise<number> {
  const top = Number(flags.top);
  if (!Number.isInteger(top) || top < 1) throw new UserError(`--top: '${flags.top}' must be a whole number of at least 1`);
  const [a, b] = await Promise.all([loadReport(runA), loadReport(runB)]);
  const d = diffReports(a.report, b.report, { a: a.file, b: b.file });
  if (flags.json) printJson(d);
  else printOut(renderDiff(terminalSafe(d), top));
  return EXIT.ok;
}
