// Fleet-wide suspects: the same site (group id) flagged on any host, ranked by goroutines.
import type { Group, HostAnalysis, Suspect } from './types.js';
import { verdictRank, worst } from './verdict.js';

/** Evidence lines kept per suspect; the rest are counted, not listed. */
const MAX_EVIDENCE = 12;

interface Acc {
  first: Group;
  goroutines: number;
  hosts: string[];
  hostsSeen: Set<string>;
  verdict: Suspect['verdict'];
  evidence: string[];
  pattern: Group['pattern'];
}

/**
 * Sites that are suspect or leaking on at least one host. `goroutines` and `hosts` count the
 * hosts where the site is flagged; `hostsSeen` counts every host that has it at all.
 * Ranked by goroutines, then by host count, then by id (stable output).
 */
export function rankSuspects(hosts: { host: string; analysis: HostAnalysis }[]): Suspect[] {
  const bySite = new Map<string, Acc>();
  for (const { host, analysis } of hosts) {
    for (const g of analysis.groups) {
      let acc = bySite.get(g.id);
      if (!acc) {
        acc = { first: g, goroutines: 0, hosts: [], hostsSeen: new Set(), verdict: 'healthy', evidence: [], pattern: null };
        bySite.set(g.id, acc);
      }
      acc.hostsSeen.add(host);
      if (g.verdict !== 'suspect' && g.verdict !== 'leaking') continue;
      if (verdictRank(g.verdict) > verdictRank(acc.verdict) || acc.hosts.length === 0) acc.first = g;
      acc.verdict = worst([g.verdict], acc.verdict);
      acc.goroutines += g.count;
      if (!acc.hosts.includes(host)) acc.hosts.push(host);
      acc.pattern ??= g.pattern;
      for (const line of g.evidence) acc.evidence.push(`${host}: ${line}`);
    }
  }
  const out: Suspect[] = [];
  for (const [id, acc] of bySite) {
    if (acc.hosts.length === 0) continue;
    const evidence = acc.evidence.slice(0, MAX_EVIDENCE);
    if (acc.evidence.length > MAX_EVIDENCE) evidence.push(`… and ${acc.evidence.length - MAX_EVIDENCE} more on other hosts`);
    out.push({
      id,
      location: acc.first.location,
      function: acc.first.function,
      class: acc.first.class,
      goroutines: acc.goroutines,
      hosts: [...acc.hosts].sort(),
      hostCount: acc.hosts.length,
      verdict: acc.verdict,
      evidence,
      pattern: acc.pattern,
      hostsSeen: acc.hostsSeen.size,
    });
  }
  return out.sort((a, b) => b.goroutines - a.goroutines || b.hostCount - a.hostCount || (a.id < b.id ? -1 : 1));
}
