// Fleet-wide "look here first": the same site on several hosts is one entry, ranked by its best
// score on any host, then by how many hosts have it.
import type { LookHere } from './types.js';

export interface FleetLookHere extends Omit<LookHere, 'rank'> {
  rank: number;
  hosts: string[];
  hostCount: number;
}

export function rankFleetLookHere(hosts: readonly { host: string; lookHere: readonly LookHere[] }[], max = 20): FleetLookHere[] {
  const bySite = new Map<string, FleetLookHere>();
  for (const { host, lookHere } of hosts) {
    for (const s of lookHere) {
      const acc = bySite.get(s.id);
      if (!acc) {
        bySite.set(s.id, { ...s, rank: 0, evidence: `${host}: ${s.evidence}`, hosts: [host], hostCount: 1 });
        continue;
      }
      if (!acc.hosts.includes(host)) acc.hosts.push(host);
      acc.hostCount = acc.hosts.length;
      acc.goroutines += s.goroutines;
      acc.maxWaitMinutes = Math.max(acc.maxWaitMinutes, s.maxWaitMinutes);
      if (s.score > acc.score) {
        acc.score = s.score;
        acc.evidence = `${host}: ${s.evidence}`;
      }
    }
  }
  return [...bySite.values()]
    .sort((a, b) => b.score - a.score || b.hostCount - a.hostCount || (a.id < b.id ? -1 : 1))
    .slice(0, max)
    .map((s, i) => ({ ...s, hosts: [...s.hosts].sort(), rank: i + 1 }));
}
