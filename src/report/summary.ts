import type { Report } from './types.js';
import type { MemStats } from '../profile/memstats.js';
import { bytes, plural } from '../analysis/wording.js';
import { foldedSites, sampleCountsText } from './render/facts.js';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]))).join('  ').trimEnd()).join('\n');
}

function socketsText(s: Record<string, number> | null): string {
  if (!s) return '-';
  const order = ['ESTABLISHED', 'CLOSE_WAIT', 'TIME_WAIT', 'LISTEN'];
  const keys = Object.keys(s).sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
  return keys.map((k) => `${k}=${s[k]}`).join(' ');
}

/** Heap, stacks and GC pause p99 in one cell; '-' where the service serves no heap profile. */
function memoryText(m: MemStats | null | undefined): string {
  if (!m) return '-';
  const parts = [m.heapInuse === null ? null : `heap ${bytes(m.heapInuse)}`, m.stackInuse === null ? null : `stacks ${bytes(m.stackInuse)}`, m.gcPause ? `gc p99 ${m.gcPause.p99Ms} ms` : null];
  return parts.filter((p) => p !== null).join(', ') || '-';
}

/** A host's groups past --max-groups, by site: the three largest (a leak whose stacks all differ shows only here). */
function foldedLines(h: Report['hosts'][number]): string[] {
  const view = foldedSites(h, 3);
  if (!view) return [];
  const out = [`${h.host}: folded: ${view.heading}:`];
  for (const s of view.sites) out.push(`${h.host}: ${pad(String(s.count), 6)} ${pad(s.class, 13)} ${s.location} ${s.function} (${plural(s.groups, 'group')}${s.counts.length > 1 ? `; per sample ${sampleCountsText(s.counts)}` : ''})`);
  if (view.more) out.push(`${' '.repeat(h.host.length + 2)}${view.more}`);
  return out;
}

const TOP_GROUPS = 3;
const TOP_SUSPECTS = 10;
const SUSPECT_EVIDENCE = 3;

/**
 * What renderSummary reads of a report, and nothing it does not (frames, samples, warnings, look
 * here, the groups and suspects it does not list): made terminal-safe before rendering, a 1,000-host
 * report's ~1M frame strings were all checked for control characters for a summary that prints none
 * of them, and then its ~15,000 unlisted groups' evidence (~40 ms).
 */
export function summaryView(r: Report, topGroups = TOP_GROUPS): Report {
  return {
    ...r,
    lookHere: undefined,
    suspects: r.suspects.slice(0, TOP_SUSPECTS).map((s) => ({ ...s, evidence: s.evidence.slice(0, SUSPECT_EVIDENCE) })),
    hosts: r.hosts.map((h) => ({ ...h, samples: [], warnings: [], lookHere: undefined, groups: listedGroups(h, topGroups).map((g) => ({ ...g, frames: [], createdBy: null })) })),
  };
}

/** The groups a host's summary lists: its `top` first non-healthy live ones, else its largest live one (ok hosts). */
function listedGroups(h: Report['hosts'][number], top: number): Report['hosts'][number]['groups'] {
  const live = h.groups.filter((g) => g.count > 0); // groups gone by the last sample are folded away
  const shown = live.filter((g) => g.verdict !== 'healthy').slice(0, top);
  return shown.length > 0 ? shown : h.status === 'ok' ? live.slice(0, 1) : [];
}

/** The human summary: hosts, their top stack groups, then the fleet's ranked suspects. */
export function renderSummary(r: Report, runDir: string, topGroups = TOP_GROUPS): string {
  const out: string[] = [];
  const withMemory = r.hosts.some((h) => h.memory);
  const rows = [['HOST', 'STATUS', 'GOROUTINES', 'THREADS', 'VERDICT', ...(withMemory ? ['MEMORY'] : []), 'SOCKETS']];
  for (const h of r.hosts) {
    rows.push([h.host, h.status, h.goroutines === null ? '-' : String(h.goroutines), h.threads === null ? '-' : String(h.threads), h.verdict, ...(withMemory ? [memoryText(h.memory)] : []), socketsText(h.sockets)]);
  }
  out.push(table(rows), '');
  for (const h of r.hosts) {
    if (h.error) out.push(`${h.host}: ${h.status}: ${h.error}`);
    for (const g of listedGroups(h, topGroups)) {
      const growth = g.growthPerMinute ? ` ${g.growthPerMinute > 0 ? '+' : ''}${g.growthPerMinute.toFixed(1)}/min` : '';
      out.push(`${h.host}: ${pad(String(g.count), 6)} ${pad(g.class, 13)} ${g.location} ${g.function}${growth} [${g.verdict}]`);
      for (const e of g.evidence) out.push(`${' '.repeat(h.host.length + 2)}- ${e}`);
    }
    out.push(...foldedLines(h));
  }
  if (r.suspects.length > 0) {
    out.push('', 'Fleet suspects (ranked by goroutines):');
    r.suspects.slice(0, TOP_SUSPECTS).forEach((s, i) => {
      out.push(`${i + 1}. ${s.verdict.toUpperCase()} ${s.location} ${s.function} (${s.class}): ${s.goroutines} goroutines on ${s.hostCount} host(s)`);
      for (const e of s.evidence.slice(0, SUSPECT_EVIDENCE)) out.push(`   - ${e}`);
      if (s.pattern) out.push(`   cause: ${s.pattern.cause}`, `   fix: ${s.pattern.fix}`);
    });
  } else if (r.hosts.some((h) => h.status === 'ok')) {
    out.push('No leak suspects.');
  }
  const captured = r.hosts.filter((h) => h.captures && Object.keys(h.captures).length > 0);
  if (captured.length > 0) {
    out.push('', 'Captured profiles (go tool pprof FILE; a trace: go tool trace FILE):');
    for (const h of captured) out.push(`${h.host}: ${Object.values(h.captures!).map((f) => `${runDir}/${f}`).join(' ')}`);
  }
  out.push('', `run ${r.run.id}: ${r.run.status}, ${r.run.hostsOk}/${r.run.hostsTargeted} hosts collected; report: ${runDir}/report.json`);
  for (const n of r.run.notes) out.push(`note: ${n}`);
  return `${out.join('\n')}\n`;
}
