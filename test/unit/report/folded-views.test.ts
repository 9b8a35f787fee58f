// Groups past --max-groups (host.folded, issue 21) in every human view: a leak whose stacks all
// differ is folded away from groups[], so the Markdown, HTML and terminal views must show its site.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeHostResult } from '../../../bench/distinct/host-result.js';
import { aggregateDirs } from '../../../src/pipeline/aggregate.js';
import { foldedSites, sampleCountsText } from '../../../src/report/render/facts.js';
import { renderHtml } from '../../../src/report/render/html.js';
import { renderMarkdown } from '../../../src/report/render/markdown.js';
import { renderSummary } from '../../../src/report/summary.js';
import type { HostReport } from '../../../src/report/types.js';
import { distinctDump, LEAK_FUNCTION, LEAK_LOCATION } from '../helpers/distinct-dump.js';
import { sampleReport } from './fixture.js';

async function foldedReport() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-folded-views-'));
  writeHostResult(Buffer.from(distinctDump({ goroutines: 400 })), path.join(dir, 'results'));
  const { report } = await aggregateDirs([path.join(dir, 'results')], path.join(dir, 'run'), 'test', { auditLog: path.join(dir, 'audit.jsonl'), analysis: { maxGroups: 25 } });
  return report;
}

describe('folded sites in the human views', () => {
  it('Markdown lists the folded sites, the leak site first', async () => {
    const r = await foldedReport();
    const text = renderMarkdown(r);
    const f = r.hosts[0].folded!;
    expect(text).toContain(`**Folded:** ${f.goroutines} goroutines in ${f.groups} smaller groups past --max-groups, by site.`);
    const header = text.split('\n').indexOf('| Goroutines | Groups | Class | Function | Location | Per sample |');
    expect(header).toBeGreaterThan(0);
    const first = text.split('\n')[header + 2];
    expect(first).toContain(`\`${LEAK_FUNCTION}\``);
    expect(first).toContain(`\`${LEAK_LOCATION}\``);
    expect(first).toContain('chan-send');
  });

  it('HTML has a folded-sites table with the leak site in its first row', async () => {
    const r = await foldedReport();
    const page = renderHtml(r);
    const at = page.indexOf('<h3>Folded sites</h3>');
    expect(at).toBeGreaterThan(0);
    const firstRow = page.slice(page.indexOf('<tbody>', at), page.indexOf('</tr>', page.indexOf('<tbody>', at)));
    expect(firstRow).toContain(`<code>${LEAK_FUNCTION}</code>`);
    expect(firstRow).toContain(`<td class="num">${r.hosts[0].folded!.sites[0].count}</td>`);
  });

  it('the terminal summary names the largest folded sites under the host', async () => {
    const r = await foldedReport();
    const host = r.hosts[0].host;
    const lines = renderSummary(r, '/tmp/run').split('\n');
    const at = lines.findIndex((l) => l.startsWith(`${host}: folded: `));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toContain(`${LEAK_LOCATION} ${LEAK_FUNCTION}`);
    expect(lines.filter((l) => l.startsWith(`${host}: `) && / \(\d+ groups?\)$/.test(l)).length).toBe(3); // one sample: no per-sample counts
  });

  it('hosts with nothing folded show no folded section', () => {
    const r = sampleReport();
    expect(renderMarkdown(r)).not.toContain('**Folded:**');
    expect(renderHtml(r)).not.toContain('Folded sites');
    expect(renderSummary(r, '/tmp/run')).not.toContain(': folded: ');
  });
});

describe('foldedSites and sampleCountsText', () => {
  const site = (count: number) => ({ location: 'a.go:1', function: 'main.f', class: 'select' as const, state: 'select', groups: 2, count, counts: [1, count], maxWaitMinutes: 0 });
  const host = (listed: number, leftOut: number) => ({ folded: { groups: 50, goroutines: 900, sites: Array.from({ length: listed }, (_, i) => site(100 - i)), sitesLeftOut: leftOut } }) as unknown as HostReport;

  it('says how many sites are not shown, and where the listed ones are', () => {
    expect(foldedSites(host(3, 0), 10)!.more).toBe('');
    expect(foldedSites(host(12, 0), 10)!.more).toBe('…and 2 more sites in report.json');
    expect(foldedSites(host(12, 5), 10, 'analyze --json')!.more).toBe('…and 7 more sites (2 listed in analyze --json)');
    expect(foldedSites(host(10, 5), 10)!.more).toBe('…and 5 more sites, counted only');
    expect(foldedSites(host(12, 0), 10)!.sites).toHaveLength(10);
    expect(foldedSites({ folded: undefined } as unknown as HostReport)).toBeNull();
  });

  it('shows up to four samples, else the first and the last', () => {
    expect(sampleCountsText([])).toBe('-');
    expect(sampleCountsText([7])).toBe('7');
    expect(sampleCountsText([1, 2, 3000])).toBe('1 → 2 → 3,000');
    expect(sampleCountsText([1, 2, 3, 4, 5])).toBe('1 → … → 5');
  });
});
