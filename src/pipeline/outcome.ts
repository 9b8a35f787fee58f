import { EXIT } from '../core/exit-codes.js';
import type { Verdict } from '../analysis/types.js';
import type { Report } from '../report/types.js';

const RANK: Record<Verdict, number> = { unknown: 0, healthy: 0, suspect: 1, leaking: 2 };

export function parseFailOn(v: string | undefined): Verdict | null {
  if (v === undefined) return null;
  if (v === 'suspect' || v === 'leaking') return v;
  return null;
}

export function atOrAbove(v: Verdict, threshold: Verdict): boolean {
  return RANK[v] >= RANK[threshold] && RANK[threshold] > 0;
}

/** DESIGN.md: 130 interrupted; then 3 > 2 > 1; findings fail only with --fail-on. */
export function exitCodeFor(report: Report, failOn: Verdict | null): number {
  if (report.run.status === 'interrupted') return EXIT.interrupted;
  if (report.hosts.some((h) => h.status !== 'ok')) return EXIT.incomplete;
  if (failOn && report.hosts.some((h) => atOrAbove(h.verdict, failOn))) return EXIT.findings;
  return EXIT.ok;
}
