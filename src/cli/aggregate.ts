import path from 'node:path';
import { aggregateDirs } from '../pipeline/aggregate.js';
import { exitCodeFor } from '../pipeline/outcome.js';
import { parseVerdictFlag } from './verdict-flag.js';
import { renderSummary, summaryView } from '../report/summary.js';
import { printJson, printOut, terminalSafe } from './output.js';
import { parsePositiveInt } from '../core/duration.js';

interface AggregateFlags {
  out?: string;
  json?: boolean;
  failOn?: string;
  stats?: string;
  auditLog?: string;
  maxGroups?: string;
}

export default async function aggregate(dirs: string[], flags: AggregateFlags): Promise<number> {
  const failOn = parseVerdictFlag(flags.failOn, '--fail-on');
  const maxGroups = parsePositiveInt(flags.maxGroups ?? '10000', '--max-groups', 1);
  // Beside the runs, like `run`'s runs/audit.jsonl: the run directory's parent folder.
  const auditLog = flags.auditLog ?? (flags.out ? path.join(path.dirname(path.resolve(flags.out)), 'audit.jsonl') : path.join('runs', 'audit.jsonl'));
  const { report, runDir } = await aggregateDirs(dirs, flags.out, process.argv.slice(1).join(' '), { auditLog, statsFile: flags.stats, analysis: { maxGroups } });
  if (flags.json) printJson(report);
  else printOut(renderSummary(terminalSafe(summaryView(report)), runDir));
  return exitCodeFor(report, failOn);
}
