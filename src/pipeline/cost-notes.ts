// What the cost budget left out of a run, in one note: survivors need debug=2 stacks at the first
// and the last sample, and each such dump pauses the service for a time that grows with its
// goroutines (`impact`: at most ~20 ms of delay to other requests stays the target), so above the
// cap the collector takes none and the verdict falls back on counts and ages.
import type { CollectedHost } from '../collect/host-outcome.js';

const SKIPPED = /^debug=2 skipped: (\d+) goroutines is above the cap of (\d+)/;

/** One line naming the hosts whose survivors were not compared because a dump was over the cap; null when none. */
export function fullStacksSkipped(outcomes: readonly CollectedHost[], samples: number): string | null {
  if (samples < 2) return null;
  const hosts: string[] = [];
  let cap = 0;
  for (const o of outcomes) {
    const hit = (o.raw?.samples ?? []).flatMap((s) => s.notes).map((n) => SKIPPED.exec(n)).find((m) => m !== null);
    if (!hit) continue;
    hosts.push(o.host);
    cap = Number(hit[2]);
  }
  if (hosts.length === 0) return null;
  const shown = hosts.slice(0, 5).join(', ') + (hosts.length > 5 ? ` and ${hosts.length - 5} more` : '');
  return `survivors not compared on ${hosts.length} host${hosts.length === 1 ? '' : 's'} (${shown}): more than ${cap} goroutines, so debug=2 stacks were skipped to keep each pause of the service within the cost budget; their verdicts rest on counts and ages (--full-stacks takes them anyway)`;
}
