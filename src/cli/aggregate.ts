import { aggregateDirs } from '../pipeline/aggregate.js';
import { exitCodeFor } from '../pipeline/outcome.js';
import { parseVerdictFlag } from './verdict-flag.js';
import { renderSummary } from '../report/summary.js';
import { printJson, printOut, terminalSafe } from './output.js';

export default async function aggregate(dirs: string[], flags: { out?: string; json?: boolean; failOn?: string }): Promise<number> {
  const failOn = parseVerdictFlag(flags.failOn, '--fail-on');
  const { report, runDir } = await aggregateDirs(dirs, flags.out, process.argv.slice(1).join(' '));
  if (flags.json) printJson(report);
  else printOut(renderSummary(terminalSafe(report), runDir));
  return exitCodeFor(report, failOn);
}
