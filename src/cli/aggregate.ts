import { UserError } from '../core/exit-codes.js';
import { aggregateDirs } from '../pipeline/aggregate.js';
import { exitCodeFor, parseFailOn } from '../pipeline/outcome.js';
import { renderSummary } from '../report/summary.js';

export default async function aggregate(dirs: string[], flags: { out?: string; json?: boolean; failOn?: string }): Promise<number> {
  const failOn = parseFailOn(flags.failOn);
  if (flags.failOn !== undefined && !failOn) throw new UserError(`--fail-on: '${flags.failOn}' must be suspect or leaking`);
  const { report, runDir } = await aggregateDirs(dirs, flags.out, process.argv.slice(1).join(' '));
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderSummary(report, runDir));
  return exitCodeFor(report, failOn);
}
