// What the single-dump ranking hands out: sites to look at first, and a verdict from one dump.
import type { GoroutineClass, Verdict } from '../types.js';

/** A site (a group) ranked by how likely it is where the process is stuck. */
export interface LookHere {
  /** 1 for the first place to look. */
  rank: number;
  /** The group's id (stable across hosts and runs). */
  id: string;
  location: string;
  function: string;
  class: GoroutineClass;
  goroutines: number;
  maxWaitMinutes: number;
  /** Larger is likelier; only the order means anything. */
  score: number;
  /** The known idle shape the site has (it ranks low), or null. */
  idle: string | null;
  /** One sentence: how many wait, how long, on what, where. */
  evidence: string;
}

/** What one dump says on its own, whatever the growth across samples says. */
export interface SingleDumpVerdict {
  verdict: Verdict;
  /** Plain sentences, strongest first (host-level evidence). */
  findings: string[];
  /** Groups the single-dump rules flag, by id: their verdict and one evidence line each. */
  flagged: Map<string, { verdict: Verdict; evidence: string }>;
}

export interface LookHereResult extends SingleDumpVerdict {
  suspects: LookHere[];
}
