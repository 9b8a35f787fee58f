// One more look: a host whose verdict rests on a site still undecided after the planned samples
// (a suspect whose count rose, without survivors, proof or history to settle it) is sampled
// again, up to --extra-looks times, and judged on all its samples together: the first full dump
// and the last one are then further apart, so survivors and growth have a longer span to speak.
// A pool whose count held is not undecided in this sense: more samples of it say the same.
import type { CollectedHost } from '../collect/host-outcome.js';
import type { RawCollection } from '../collect/protocol.js';
import type { HostReport } from '../report/types.js';

/** Hosts worth another look: ok, suspect, with a suspect site whose count rose and that neither survivors nor history decided. */
export function undecidedHosts(hosts: readonly HostReport[]): string[] {
  return hosts
    .filter((h) => h.status === 'ok' && h.verdict === 'suspect')
    .filter((h) => h.groups.some((g) => g.verdict === 'suspect' && g.counts.length >= 2 && g.counts[g.counts.length - 1] > g.counts[0]
      && g.survivors?.kind !== 'churn' && g.history?.kind !== 'held' && g.history?.kind !== 'load'))
    .map((h) => h.host);
}

/**
 * The first look's samples followed by the next look's (renumbered after them). A next look that
 * did not end ok adds what it got, if anything, and a warning; the host keeps its first status.
 */
export function mergeLooks(first: CollectedHost, next: CollectedHost | undefined, look: number): CollectedHost {
  if (!next || !next.raw || next.raw.samples.length === 0) {
    return { ...first, warnings: [...first.warnings, `extra look ${look} took no sample${next?.error ? `: ${next.error}` : ''}`] };
  }
  const [a, b] = [first.raw?.pid ?? null, next.raw.pid];
  if (a !== null && b !== null && a !== b) {
    // A new process numbers its goroutines afresh: its ids must not meet the old one's.
    return { ...first, warnings: [...first.warnings, `extra look ${look} left out: the service's process changed (pid ${a} → ${b})`] };
  }
  const base = first.raw?.samples.length ?? 0;
  const raw: RawCollection = {
    started: first.raw?.started ?? true,
    finished: next.raw.finished,
    pid: first.raw?.pid ?? next.raw.pid,
    fatal: first.raw?.fatal ?? null,
    warnings: [...(first.raw?.warnings ?? []), ...next.raw.warnings],
    samples: [...(first.raw?.samples ?? []), ...next.raw.samples.map((s) => ({ ...s, index: base + s.index }))],
    // On-demand profiles are the first look's (an extra look asks for none).
    captures: first.raw?.captures ?? {},
  };
  const warnings = [...first.warnings, ...next.warnings];
  if (next.status !== 'ok') warnings.push(`extra look ${look} ended ${next.status}${next.error ? `: ${next.error}` : ''}`);
  return { ...first, raw, warnings };
}
