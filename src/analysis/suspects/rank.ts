// The "look here first" list: every live group scored (score.ts), idle shapes marked
// (idle-shapes.ts), best first, each with its evidence in words.
import type { Group } from '../types.js';
import type { LookHere } from './types.js';
import { idleShape } from './idle-shapes.js';
import { scoreOf } from './score.js';
import { siteSentence } from './wording.js';

/** Enough to look at; the text output shows fewer. */
export const MAX_LOOK_HERE = 10;

export interface RankOptions {
  libraryPrefixes?: readonly string[];
  max?: number;
}

export function rankLookHere(groups: readonly Group[], opts: RankOptions = {}): LookHere[] {
  const scored = groups
    .filter((g) => g.count > 0 && g.class !== 'runtime')
    .map((g) => {
      const idle = idleShape(g);
      return { g, idle, score: scoreOf({ group: g, idle }, opts.libraryPrefixes) };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || b.g.count - a.g.count || (a.g.id < b.g.id ? -1 : 1));
  return scored.slice(0, opts.max ?? MAX_LOOK_HERE).map(({ g, idle, score }, i) => ({
    rank: i + 1,
    id: g.id,
    location: g.location,
    function: g.function,
    class: g.class,
    goroutines: g.count,
    maxWaitMinutes: g.maxWaitMinutes,
    score: Math.round(score * 100) / 100,
    idle,
    evidence: siteSentence(g, idle),
  }));
}
