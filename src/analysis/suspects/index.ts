// One dump on its own: where to look first (ranked sites) and what the dump says by itself.
// Used by `analyze` (its verdict and text), by `run`'s reports (per host and fleet-wide).
import type { RuntimeMessage } from '../../profile/types.js';
import type { Group, HostAnalysis, Sample } from '../types.js';
import type { LookHereResult } from './types.js';
import { rankLookHere } from './rank.js';
import { singleDumpVerdict } from './verdict.js';
import { worst } from '../verdict.js';

export type { LookHere, LookHereResult, SingleDumpVerdict } from './types.js';
export { rankLookHere, MAX_LOOK_HERE } from './rank.js';
export { rankFleetLookHere, type FleetLookHere } from './fleet.js';

export interface LookHereOptions {
  libraryPrefixes?: readonly string[];
  /** The groups come from one dump (default true): the single-dump long-wait rule applies. */
  single?: boolean;
}

/** The ranking and verdict of a host's groups (the last sample's counts) and its samples' messages. */
export function lookHere(groups: readonly Group[], messages: readonly RuntimeMessage[], opts: LookHereOptions = {}): LookHereResult {
  const suspects = rankLookHere(groups, opts);
  return { ...singleDumpVerdict({ groups, suspects, messages, libraryPrefixes: opts.libraryPrefixes, single: opts.single }), suspects };
}

/** Runtime messages of all samples, in order, each once. */
export function messagesOf(samples: readonly Sample[]): RuntimeMessage[] {
  const seen = new Set<string>();
  const out: RuntimeMessage[] = [];
  for (const s of samples) {
    for (const m of s.profile.messages ?? []) {
      const key = `${m.kind}\u0000${m.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(m);
    }
  }
  return out;
}

/** The host analysis with what the dump says on its own folded in: the worse verdict, the
 *  findings first among the host evidence, the groups the rules flag marked (so `--fail-on`,
 *  the findings list and the report's suspects agree with the host verdict). */
export function withSingleDump(a: HostAnalysis, r: LookHereResult): HostAnalysis {
  const groups = a.groups.map((g) => {
    const f = r.flagged.get(g.id);
    if (!f) return g;
    const verdict = worst([f.verdict], g.verdict);
    return { ...g, verdict, leaking: verdict === 'leaking', evidence: [...g.evidence, f.evidence] };
  });
  return { ...a, verdict: worst([r.verdict], a.verdict), groups, evidence: [...r.findings, ...a.evidence] };
}
