// "Look here first" in the HTML report (issue 18): the report's fleet-wide lookHere, sites outside
// the known idle shapes first, as the Markdown report has it; nothing for reports without one.
import type { Report } from '../types.js';
import { html } from './escape.js';

const SHOWN = 5;

export function lookHereHtml(r: Report, dumps: boolean): string {
  const all = r.lookHere;
  if (!all || all.length === 0) return '';
  const busy = all.filter((s) => s.idle === null);
  const shown = (busy.length > 0 ? busy : all).slice(0, SHOWN);
  const why = busy.length > 0
    ? 'Sites ranked by what their goroutines wait on × how long × how many; known idle shapes (accept loops, keep-alive connections, worker loops) left out.'
    : 'Every site has a known idle shape (accept loops, keep-alive connections, worker loops).';
  const items = shown.map((s) => `<li>${html(s.evidence)}${!dumps && s.hostCount > 1 ? ` <span class="muted">(${html(s.hostCount)} hosts)</span>` : ''}</li>`);
  return `<h2>Look here first</h2>\n<p class="muted">${html(why)}</p>\n<ol class="look-here">${items.join('')}</ol>`;
}
