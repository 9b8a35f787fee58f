import type { Profile } from '../profile/types.js';
import type { MemStats } from '../profile/memstats.js';

export type GoroutineClass =
  | 'chan-receive' | 'chan-send' | 'nil-chan' | 'select' | 'select-no-cases'
  | 'mutex' | 'rwmutex' | 'waitgroup' | 'cond' | 'io-wait' | 'sleep' | 'syscall'
  | 'running' | 'runnable' | 'runtime' | 'other';

export type Verdict = 'healthy' | 'suspect' | 'leaking' | 'unknown';

/** One time-ordered sample of one process, with the host signs `run` collects beside the stacks. */
export interface Sample {
  /** When the sample was taken (ms since epoch). */
  takenAt: number;
  profile: Profile;
  /** Threads of the service process (ps -T), when known. */
  threads?: number | null;
  /** TCP socket states of the node, netstat names, when known. */
  sockets?: Record<string, number> | null;
  /** runtime.MemStats of the process at this sample, when known. */
  memory?: MemStats | null;
}

export interface Group {
  /** Stable across hosts and runs: hash of the normalized signature. */
  id: string;
  /** Goroutines in the group in the last sample. */
  count: number;
  /** Counts per sample, oldest first (0 where the group was absent). */
  counts: number[];
  state: string;
  class: GoroutineClass;
  /** file:line of the first frame in the application's own code. */
  location: string;
  /** Function at `location`. */
  function: string;
  /** `func file:line`, innermost first. */
  frames: string[];
  createdBy: string | null;
  growthPerMinute: number;
  maxWaitMinutes: number;
  leaking: boolean;
  verdict: Verdict;
  evidence: string[];
  /** Known library pattern matched, with cause and fix. */
  pattern: { name: string; cause: string; fix: string } | null;
  /** Goroutines of this group the goroutineleak profile marks as leaked (0 when no such profile). */
  leaked?: number;
  /** Goroutine ids compared between the first and the last full dump (absent when fewer than two were taken). */
  survivors?: { first: number; survived: number; last: number; spanSeconds: number; kind: 'accumulating' | 'churn' | 'pool' | 'mixed' | 'new' };
  /** Wait ages of the latest full dump (absent without one). */
  age?: { olderThanWindow: number; olderThanHour: number; oldestMinutes: number; windowMinutes: number };
  /** The site across earlier runs of the host (absent without enough history). */
  history?: { runs: number; spanMinutes: number; first: number; last: number; kind: 'rising' | 'load' | 'held' | 'none' };
}

export interface AnalysisOptions {
  /** Group by functions only, ignoring lines and state. */
  coarse?: boolean;
  /** Host total above which a suspect alert is raised (default 5000). */
  alertThreshold?: number;
  /** Goroutines blocked on one channel site that raise a suspect (LeakProf's rule; default 1000). */
  siteThreshold?: number;
  /** Minutes after which a blocked goroutine counts as old (default 10). */
  oldMinutes?: number;
  /** GC pause p99 (ms) above which a host is a threshold finding (default 100, the seed's alert). */
  gcPauseP99Ms?: number;
  /** Extra known-pattern definitions (already loaded); they take precedence over the built-in ones. */
  patterns?: unknown[];
  /** Goroutines blocked ≥ oldMinutes at one site that count as a pile-up, i.e. leaking (default 100). */
  oldPileMin?: number;
  /** Import-path prefixes of well-known libraries, skipped when choosing `location` (added to the built-in list). */
  libraryPrefixes?: string[];
  /** Groups kept with frames and verdicts, the largest first; the rest are folded by site (default 10,000; fold.ts). */
  maxGroups?: number;
}

/** Groups past AnalysisOptions.maxGroups, by site: no frames, no verdicts, counts that still add up. */
export interface FoldedSite {
  location: string;
  function: string;
  class: GoroutineClass;
  /** The most common printed wait state among its groups ('' when none printed one). */
  state: string;
  /** Groups folded into this site. */
  groups: number;
  /** Goroutines in the last sample. */
  count: number;
  /** Per sample, oldest first. */
  counts: number[];
  maxWaitMinutes: number;
}

export interface FoldedGroups {
  /** Groups folded (not in groups[]). */
  groups: number;
  /** Their goroutines in the last sample: groups[] counts plus this make the host's total. */
  goroutines: number;
  /** By site, largest first (at most 1,000). */
  sites: FoldedSite[];
  /** Sites past the ones listed. */
  sitesLeftOut: number;
}

export interface HostAnalysis {
  goroutines: number;
  verdict: Verdict;
  /** Sorted by count, largest first. */
  groups: Group[];
  /** Host-level evidence (totals, threads, sockets). */
  evidence: string[];
  /** Groups past maxGroups, folded by site (absent when every group is in groups[]). */
  folded?: FoldedGroups;
}

export interface Suspect {
  id: string;
  location: string;
  function: string;
  class: GoroutineClass;
  goroutines: number;
  hosts: string[];
  hostCount: number;
  verdict: Verdict;
  evidence: string[];
  pattern: Group['pattern'];
  /** Hosts where the site exists at all, flagged or not. */
  hostsSeen?: number;
}
