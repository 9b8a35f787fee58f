import { EXIT } from '../core/exit-codes.js';
import type { Verdict } from '../analysis/types.js';
import { atOrAbove } from '../analysis/verdict.js';
import type { Report } from '../report/types.js';


/** DESIGN.md: 130 interrupted; then 3 > 2 > 1; findings fail only with --fail-on. */
export function exitCodeFor(report: Report, failOn: Verdict | null): number {
  if (report.run.status === 'interrupted') return EXIT.interrupted;
  if (report.hosts.some((h) => h.status !== 'ok')) return EXIT.incomplete;
  if (failOn && report.hosts.some((h) => atOrAbove(h.verdict, failOn))) return EXIT.findings;
  return EXIT.ok;
}
