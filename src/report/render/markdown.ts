// report.json as Markdown for a ticket or a pull request: run header, hosts table, why hosts
// failed, the fleet's ranked suspects with evidence and known-pattern cause/fix, top groups per host.
import type { Group, Suspect } from '../../analysis/types.js';
import type { HostReport, Report } from '../types.js';
import type { RenderContext } from './context.js';
import { md, mdCode } from './escape.js';
import { lookHereMarkdown } from './look-here-md.js';
import { countText, failedHosts, foldedSites, foldedText, growthText, keeperOf, liveGroups, n, plural, runDuration, sampleCountsText, socketsText, topGroups } from './facts.js';

export interface MarkdownOptions {
  /** Fleet suspects listed (default 20). */
  suspects?: number;
  /** Groups per host table, at most (default 10). */
  groups?: number;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function dumpsHeader(r: Report, ctx: RenderContext): string[] {
  const dumps = ctx.dumps ?? [];
  const h = r.hosts[0];
  const lines = [
    `# fleet-diag analysis of ${plural(dumps.length, 'dump')}`,
    '',
    `- **Verdict:** ${h ? md(h.verdict) : 'unknown'}, ${h?.goroutines === null || !h ? 'goroutines unknown' : plural(h.goroutines, 'goroutine')}`,
    `- **Analysed:** ${md(r.run.finishedAt)}${dumps.length > 1 ? `; the dumps are time-ordered samples of one process${ctx.timesAssumed ? `, assumed ${r.run.intervalSeconds} s apart` : ''}` : ''}`,
    '',
    '## Inputs',
    '',
    row(['Dump', 'Format', 'Goroutines', 'Parse warnings']),
    row(['---', '---', '---:', '---:']),
  ];
  for (const d of dumps) lines.push(row([mdCode(d.file, true), md(d.format), n(d.goroutines), d.warnings ? n(d.warnings) : '-']));
  for (const e of h?.evidence ?? []) lines.push('', `- ${md(e)}`);
  return lines;
}

function header(r: Report): string[] {
  const run = r.run;
  const took = runDuration(r);
  const lines = [
    `# fleet-diag report ${mdCode(run.id)}`,
    '',
    `- **Status:** ${md(run.status)}, ${run.hostsOk}/${run.hostsTargeted} hosts collected${run.hostsFailed ? ` (${run.hostsFailed} not collected)` : ''}`,
    `- **Time:** ${md(run.startedAt)} → ${md(run.finishedAt)}${took ? ` (${took})` : ''}`,
    `- **Inventory:** ${mdCode(run.inventory)}${run.limit ? `, limit ${mdCode(run.limit)}` : ''}, executor ${md(run.executor)}${run.ansibleVersion ? ` (Ansible ${md(run.ansibleVersion)})` : ''}`,
    `- **Sampling:** ${plural(run.samples, 'sample')}, ${run.intervalSeconds} s apart`,
  ];
  for (const note of run.notes) lines.push(`- **Note:** ${md(note)}`);
  return lines;
}

function hostsTable(r: Report): string[] {
  if (r.hosts.length === 0) return ['## Hosts', '', '_No hosts in this run._'];
  const lines = ['## Hosts', '', row(['Host', 'Status', 'Goroutines', 'Threads', 'Verdict', 'Sockets']), row(['---', '---', '---:', '---:', '---', '---'])];
  for (const h of r.hosts) {
    const verdict = h.verdict === 'leaking' || h.verdict === 'suspect' ? `**${h.verdict}**` : h.verdict;
    lines.push(row([md(h.host), md(h.status), countText(h.goroutines), countText(h.threads), verdict, md(socketsText(h.sockets))]));
  }
  const failed = failedHosts(r);
  if (failed.length > 0) {
    lines.push('', '### Not collected', '');
    for (const h of failed) lines.push(`- **${md(h.host)}** (${md(h.status)}, ${plural(h.attempts, 'attempt')}): ${md(h.error ?? 'no reason recorded')}`);
  }
  return lines;
}

function suspectLines(s: Suspect, i: number, dumps: boolean): string[] {
  const seen = s.hostsSeen && s.hostsSeen > s.hostCount ? ` (site present on ${s.hostsSeen})` : '';
  const hosts = s.hosts.map((h) => md(h)).join(', ');
  const where = dumps ? '' : ` on ${plural(s.hostCount, 'host')}${seen}: ${hosts}`;
  const lines = [
    `${i + 1}. **${s.verdict.toUpperCase()}** ${mdCode(s.function)} at ${mdCode(s.location)}: ${md(s.class)}, ${plural(s.goroutines, 'goroutine')}${where}`,
  ];
  for (const e of s.evidence) lines.push(`   - ${md(e)}`);
  if (s.pattern) {
    lines.push(`   - **Known pattern:** ${md(s.pattern.name)}`, `   - **Cause:** ${md(s.pattern.cause)}`, `   - **Fix:** ${md(s.pattern.fix)}`);
  }
  return lines;
}

function suspects(r: Report, max: number, dumps: boolean): string[] {
  const lines = [dumps ? '## Suspects' : '## Fleet suspects', ''];
  if (r.suspects.length === 0) {
    lines.push(r.hosts.some((h) => h.status === 'ok') ? 'No leak suspects.' : 'No host was collected, so nothing was analysed.');
    return lines;
  }
  lines.push(dumps ? 'Ranked by goroutines at the site.' : 'Ranked by goroutines at the site across the fleet.', '');
  r.suspects.slice(0, max).forEach((s, i) => lines.push(...suspectLines(s, i, dumps)));
  if (r.suspects.length > max) lines.push('', `_…and ${r.suspects.length - max} more in ${dumps ? '`analyze --json`' : 'report.json'}._`);
  return lines;
}

function groupRow(g: Group): string {
  return row([n(g.count), md(g.class), mdCode(g.function, true), mdCode(g.location, true), growthText(g) || '-', g.verdict === 'healthy' ? g.verdict : `**${g.verdict}**`]);
}

function hostGroups(h: HostReport, max: number, dumps: boolean): string[] {
  const shown = topGroups(h, 3, max);
  const live = liveGroups(h);
  const keeper = dumps ? 'analyze --json' : 'report.json';
  const folded = foldedText(h, keeper);
  const lines = ['', dumps ? '## Top groups' : `### ${md(h.host)}: ${h.verdict}, ${h.goroutines === null ? 'goroutines unknown' : plural(h.goroutines, 'goroutine')}`, ''];
  if (!dumps) for (const e of h.evidence) lines.push(`- ${md(e)}`);
  for (const w of h.warnings) lines.push(`- _warning:_ ${md(w)}`);
  if (h.evidence.length + h.warnings.length > 0) lines.push('');
  if (shown.length === 0) return [...lines, '_No goroutine groups._', ...(folded ? ['', `_${md(folded)}._`] : []), ...foldedLines(h, keeper)];
  lines.push(row(['Goroutines', 'Class', 'Function', 'Location', 'Growth', 'Verdict']), row(['---:', '---', '---', '---', '---:', '---']));
  for (const g of shown) lines.push(groupRow(g));
  const flaggedEvidence = shown.filter((g) => g.evidence.length > 0);
  if (flaggedEvidence.length > 0) lines.push('');
  for (const g of flaggedEvidence) {
    lines.push(`- ${mdCode(g.location)}: ${g.evidence.map((e) => md(e)).join('; ')}`);
  }
  if (live.length > shown.length) lines.push('', `_${plural(live.length - shown.length, 'more group')} in ${md(keeper)}._`);
  if (folded) lines.push('', `_${md(folded)}._`);
  lines.push(...foldedLines(h, keeper));
  return lines;
}

/** Sites of the groups past --max-groups (a leak whose stacks all differ shows only here). */
function foldedLines(h: HostReport, keeper: string): string[] {
  const view = foldedSites(h, 10, keeper);
  if (!view) return [];
  const lines = ['', `**Folded:** ${md(view.heading)}.`, '', row(['Goroutines', 'Groups', 'Class', 'Function', 'Location', 'Per sample']), row(['---:', '---:', '---', '---', '---', '---:'])];
  for (const s of view.sites) lines.push(row([n(s.count), n(s.groups), md(s.class), mdCode(s.function, true), mdCode(s.location, true), sampleCountsText(s.counts)]));
  if (view.more) lines.push('', `_${md(view.more)}._`);
  return lines;
}

/** The whole report as Markdown (GitHub-flavoured tables). */
export function renderMarkdown(r: Report, opts: MarkdownOptions = {}, ctx: RenderContext = {}): string {
  const collected = r.hosts.filter((h) => h.status === 'ok');
  const dumps = ctx.dumps !== undefined;
  const out = dumps
    ? [...dumpsHeader(r, ctx), '', ...lookHereMarkdown(r, true), ...suspects(r, opts.suspects ?? 20, true)]
    : [...header(r), '', ...hostsTable(r), '', ...lookHereMarkdown(r, false), ...suspects(r, opts.suspects ?? 20, false)];
  if (collected.length > 0) {
    if (!dumps) out.push('', '## Top groups per host');
    for (const h of collected) out.push(...hostGroups(h, opts.groups ?? 10, dumps));
  }
  out.push('', dumps
    ? '_Generated by fleet-diag from goroutine dumps._'
    : `_Generated by fleet-diag from report.json (schema ${r.schemaVersion}); total ${n(collected.reduce((s, h) => s + (h.goroutines ?? 0), 0))} goroutines on collected hosts._`);
  return `${out.join('\n')}\n`;
}
