// The measured set of the single-dump ranking (issue 18): dumps of stuck, idle and crashed
// processes, each stuck one with the site its bug thread named. SOURCES.tsv in a set's folder:
//   file  kind (stuck|idle|crashed)  source  license  named_site  notes
// named_site is matched against a suspect's `location` and `function` (a substring of either;
// `a|b` accepts either site when the thread names two goroutines that wait on each other).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeHost } from '../../../src/analysis/index.js';
import { lookHere, messagesOf, withSingleDump } from '../../../src/analysis/suspects/index.js';
import { parseDump } from '../../../src/profile/index.js';
import type { Verdict } from '../../../src/analysis/types.js';

export interface SetEntry {
  file: string;
  kind: 'stuck' | 'idle' | 'crashed';
  source: string;
  license: string;
  namedSite: string;
  notes: string;
}

export interface Measured extends SetEntry {
  goroutines: number;
  verdictBefore: Verdict;
  verdict: Verdict;
  /** 1-based rank of the first suspect matching the named site; null when none of the list does. */
  namedRank: number | null;
  /** The same, among the groups ranked by count alone (what `analyze` showed before issue 18). */
  namedRankByCount: number | null;
  /** Class of the named site's first matching suspect. */
  namedClass: string | null;
  /** The dump prints wait minutes somewhere. */
  hasMinutes: boolean;
  top3: string[];
  findings: string[];
}

export function readSources(dir: string): SetEntry[] {
  const path = join(dir, 'SOURCES.tsv');
  if (!existsSync(path)) return [];
  const [header, ...lines] = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const cols = header.split('\t');
  const want = ['file', 'kind', 'source', 'license', 'named_site', 'notes'];
  if (want.some((c, i) => cols[i] !== c)) throw new Error(`${path}: columns must be ${want.join(', ')}`);
  return lines.map((l) => {
    const [file, kind, source, license, namedSite, notes] = l.split('\t');
    if (kind !== 'stuck' && kind !== 'idle' && kind !== 'crashed') throw new Error(`${path}: ${file}: kind ${kind}`);
    return { file, kind, source, license, namedSite: namedSite ?? '', notes: notes ?? '' };
  });
}

export function matchesSite(named: string, s: { location: string; function: string }): boolean {
  return named.split('|').some((n) => n !== '' && (s.location.includes(n) || s.function.includes(n)));
}

export function measure(dir: string, e: SetEntry): Measured {
  const profile = parseDump(readFileSync(join(dir, e.file)), { merge: true, exactWaits: true });
  const samples = [{ takenAt: 0, profile }];
  const before = analyzeHost(samples);
  const r = lookHere(before.groups, messagesOf(samples));
  const after = withSingleDump(before, r);
  const i = r.suspects.findIndex((s) => matchesSite(e.namedSite, s));
  const byCount = before.groups.filter((g) => g.count > 0).findIndex((g) => matchesSite(e.namedSite, g));
  return {
    ...e,
    goroutines: profile.total,
    verdictBefore: before.verdict,
    verdict: after.verdict,
    namedRank: i < 0 ? null : i + 1,
    namedRankByCount: byCount < 0 ? null : byCount + 1,
    namedClass: i < 0 ? null : r.suspects[i].class,
    hasMinutes: profile.goroutines.some((g) => g.waitMinutes > 0),
    top3: r.suspects.slice(0, 3).map((s) => s.evidence),
    findings: r.findings,
  };
}

export function measureSet(dir: string): Measured[] {
  return readSources(dir).map((e) => measure(dir, e));
}

/** Files in the folder that SOURCES.tsv does not list (every dump must have its source). */
export function unlisted(dir: string): string[] {
  const listed = new Set(readSources(dir).map((e) => e.file));
  return readdirSync(dir).filter((f) => f !== 'SOURCES.tsv' && f !== 'README.md' && !listed.has(f));
}

export interface Figures {
  stuck: number;
  namedInTop3: number;
  namedFirst: number;
  /** The same two by count alone (before issue 18). */
  byCountInTop3: number;
  byCountFirst: number;
  idle: number;
  idleLeaking: number;
  idleSuspect: number;
  crashed: number;
  crashedLeaking: number;
}

export function figures(rows: readonly Measured[]): Figures {
  const stuck = rows.filter((r) => r.kind === 'stuck');
  const idle = rows.filter((r) => r.kind === 'idle');
  const crashed = rows.filter((r) => r.kind === 'crashed');
  return {
    stuck: stuck.length,
    namedInTop3: stuck.filter((r) => r.namedRank !== null && r.namedRank <= 3).length,
    namedFirst: stuck.filter((r) => r.namedRank === 1).length,
    byCountInTop3: stuck.filter((r) => r.namedRankByCount !== null && r.namedRankByCount <= 3).length,
    byCountFirst: stuck.filter((r) => r.namedRankByCount === 1).length,
    idle: idle.length,
    idleLeaking: idle.filter((r) => r.verdict === 'leaking').length,
    idleSuspect: idle.filter((r) => r.verdict === 'suspect').length,
    crashed: crashed.length,
    crashedLeaking: crashed.filter((r) => r.verdict === 'leaking').length,
  };
}
