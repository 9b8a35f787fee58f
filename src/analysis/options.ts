// Analysis options with their defaults filled in, in one place.
import type { AnalysisOptions } from './types.js';
import { WELL_KNOWN_LIBRARIES } from './go-package.js';

export interface ResolvedOptions {
  coarse: boolean;
  alertThreshold: number;
  siteThreshold: number;
  oldMinutes: number;
  oldPileMin: number;
  gcPauseP99Ms: number;
  libraryPrefixes: readonly string[];
  patterns: unknown[];
  maxGroups: number;
}

export const DEFAULTS = {
  alertThreshold: 5000,
  siteThreshold: 1000,
  oldMinutes: 10,
  oldPileMin: 100,
  gcPauseP99Ms: 100,
  /** Groups kept whole per host (a dump of all-distinct stacks makes one group per goroutine). */
  maxGroups: 10_000,
} as const;

export function resolveOptions(opts: AnalysisOptions = {}): ResolvedOptions {
  return {
    coarse: opts.coarse ?? false,
    alertThreshold: opts.alertThreshold ?? DEFAULTS.alertThreshold,
    siteThreshold: opts.siteThreshold ?? DEFAULTS.siteThreshold,
    oldMinutes: opts.oldMinutes ?? DEFAULTS.oldMinutes,
    oldPileMin: opts.oldPileMin ?? DEFAULTS.oldPileMin,
    gcPauseP99Ms: opts.gcPauseP99Ms ?? DEFAULTS.gcPauseP99Ms,
    // the built-in list itself when none is added: per-list memos (go-package.ts) then last across hosts
    libraryPrefixes: opts.libraryPrefixes?.length ? [...opts.libraryPrefixes, ...WELL_KNOWN_LIBRARIES] : WELL_KNOWN_LIBRARIES,
    patterns: opts.patterns ?? [],
    maxGroups: opts.maxGroups ?? DEFAULTS.maxGroups,
  };
}
