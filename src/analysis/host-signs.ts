// Host-level evidence beside the stacks: the goroutine total, the service's threads, the node's
// sockets. All weak: they say "look at this host", never which line leaks.
import type { FoldedGroups, Sample } from './types.js';
import type { Evidence } from './verdict.js';
import { assessGrowth, rising } from './growth.js';
import { n } from './wording.js';

export function totalEvidence(total: number, alertThreshold: number): Evidence | null {
  if (total <= alertThreshold) return null;
  return { strength: 'weak', text: `${n(total)} goroutines on the host, above the alert threshold of ${n(alertThreshold)}` };
}

/** Threads rising across samples and never falling back: goroutines keep pinning OS threads
 *  (blocking syscalls, cgo, LockOSThread without unlock). Same size rule as goroutine growth. */
export function threadsEvidence(samples: readonly Sample[]): Evidence | null {
  const known = samples.filter((s) => typeof s.threads === 'number');
  if (known.length < 2) return null;
  const values = known.map((s) => s.threads as number);
  const g = assessGrowth(values, known.map((s) => s.takenAt));
  if (g.falls > 0 || g.kind === 'none' || g.kind === 'consistent') return null;
  return { strength: 'weak', text: `threads rose ${n(g.first)} → ${n(g.last)} over ${g.samples} samples and never fell back` };
}

/** Netstat names; `ss` spellings are accepted too. */
const SOCKET_ALIASES: Record<string, string> = { ESTAB: 'ESTABLISHED', 'CLOSE-WAIT': 'CLOSE_WAIT' };
const WATCHED = ['ESTABLISHED', 'CLOSE_WAIT'] as const;

function socketCount(sockets: Record<string, number>, state: string): number {
  let total = 0;
  for (const [k, v] of Object.entries(sockets)) {
    const name = k.toUpperCase();
    if ((SOCKET_ALIASES[name] ?? name.replace(/-/g, '_')) === state && Number.isFinite(v)) total += v;
  }
  return total;
}

export interface IoWaitSite {
  id: string;
  location: string;
  counts: number[];
}

export interface SocketSigns {
  host: Evidence[];
  /** Per io-wait group id: the line explaining the socket correlation. */
  perGroup: Map<string, Evidence>;
}

/** ESTABLISHED or CLOSE_WAIT sockets growing (same rule as goroutine growth) while io-wait
 *  goroutines rise over the same samples: connections opened and never closed, or peers that
 *  hung up on connections this process never closes (CLOSE_WAIT). Sockets are node-wide, so
 *  only the two together count. `sites` carry counts over the same samples as `samples`. */
export function socketEvidence(samples: readonly Sample[], sites: readonly IoWaitSite[]): SocketSigns {
  const out: SocketSigns = { host: [], perGroup: new Map() };
  const withSockets = samples.map((s, i) => ({ s, i })).filter(({ s }) => s.sockets && typeof s.sockets === 'object');
  if (withSockets.length < 2) return out;
  for (const state of WATCHED) {
    const values = withSockets.map(({ s }) => socketCount(s.sockets as Record<string, number>, state));
    const g = assessGrowth(values, withSockets.map(({ s }) => s.takenAt));
    if (g.kind === 'none' || g.kind === 'consistent') continue;
    const risingSites = sites.filter((site) => rising(withSockets.map(({ i }) => site.counts[i] ?? 0)));
    if (risingSites.length === 0) continue;
    const grew = `${state} sockets grew ${n(g.first)} → ${n(g.last)} over ${g.samples} samples`;
    const added = risingSites.reduce((sum, site) => sum + (site.counts[withSockets.at(-1)!.i] ?? 0) - (site.counts[withSockets[0].i] ?? 0), 0);
    out.host.push({ strength: 'weak', text: `${grew} together with io-wait goroutines (+${n(added)} at ${risingSites.length} site${risingSites.length === 1 ? '' : 's'})` });
    for (const site of risingSites) {
      const a = site.counts[withSockets[0].i] ?? 0;
      const b = site.counts[withSockets.at(-1)!.i] ?? 0;
      if (!out.perGroup.has(site.id)) out.perGroup.set(site.id, { strength: 'weak', text: `${grew} while io-wait goroutines at ${site.location} grew ${n(a)} → ${n(b)}` });
    }
  }
  return out;
}

/** Sites folded past maxGroups get no verdict one by one, but a leak whose stacks all differ
 *  folds into one big site: one that grew over the samples, or an old pile, makes the host a
 *  suspect and is named (the largest such site; how many more). */
export function foldedEvidence(folded: FoldedGroups | null, times: number[], pile: { oldMinutes: number; oldPileMin: number }): Evidence | null {
  if (!folded) return null;
  const flagged = folded.sites.flatMap((site) => {
    const g = assessGrowth(site.counts, times);
    const grew = g.kind === 'steady' || g.kind === 'possible' ? `grew ${n(g.first)} → ${n(g.last)} over ${g.samples} samples` : null;
    const old = site.count >= pile.oldPileMin && site.maxWaitMinutes >= pile.oldMinutes ? `blocked up to ${n(site.maxWaitMinutes)} minutes` : null;
    return grew || old ? [{ site, why: grew ?? old }] : [];
  });
  if (flagged.length === 0) return null;
  const { site, why } = flagged[0];
  const more = flagged.length > 1 ? `; ${n(flagged.length - 1)} more folded site${flagged.length === 2 ? '' : 's'} like it` : '';
  return {
    strength: 'weak',
    text: `${n(site.count)} goroutines at ${site.location} (${site.function}, ${site.class}) in ${n(site.groups)} distinct stacks folded past the group cap, ${why}: look here${more}`,
  };
}
