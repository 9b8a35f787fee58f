// "Look here first" in Markdown (issue 18): the report's fleet-wide lookHere, sites outside the
// known idle shapes first; nothing when the report has no lookHere (reports before issue 18).
import type { Report } from '../types.js';
import { md } from './escape.js';

const SHOWN = 5;

/** For dumps the evidence has no host prefix (from-dumps.ts strips it); for a run it names the host. */
export function lookHereMarkdown(r: Report, dumps: boolean): string[] {
  const all = r.lookHere;
  if (!all || all.length === 0) return [];
  const busy = all.filter((s) => s.idle === null);
  const shown = (busy.length > 0 ? busy : all).slice(0, SHOWN);
  const lines = ['## Look here first', ''];
  lines.push(busy.length > 0
    ? 'Sites ranked by what their goroutines wait on × how long × how many; known idle shapes (accept loops, keep-alive connections, worker loops) left out.'
    : 'Every site has a known idle shape (accept loops, keep-alive connections, worker loops).', '');
  shown.forEach((s, i) => {
    const hosts = !dumps && s.hostCount > 1 ? ` (${s.hostCount} hosts)` : '';
    lines.push(`${i + 1}. ${md(s.evidence)}${hosts}`);
  });
  return [...lines, ''];
}
