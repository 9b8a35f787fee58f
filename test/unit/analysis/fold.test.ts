// The bound on groups kept whole (issue 21, analysis/fold.ts): past maxGroups, the smaller
// groups fold by site with counts that still add up; under it (every real dump) nothing changes.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeHost, foldedWarning } from '../../../src/analysis/index.js';
import { DEFAULTS } from '../../../src/analysis/options.js';
import { parseDump, parseDumpFile } from '../../../src/profile/parse.js';
import { reportFromDumps } from '../../../src/report/from-dumps.js';
import { validateReport } from '../../../src/report/validate.js';
import { FIXTURE_DUMPS, HAVE_SHARED, SHARED_DUMPS } from '../helpers/dumps.js';
import { distinctDump, LEAK_FUNCTION, LEAK_LOCATION } from '../helpers/distinct-dump.js';
import type { HostAnalysis } from '../../../src/analysis/types.js';

const PARSE = { merge: true, exactWaits: true } as const;

function distinct(goroutines: number, maxGroups: number): HostAnalysis {
  const profile = parseDump(distinctDump({ goroutines }), PARSE);
  return analyzeHost([{ takenAt: 0, profile }], { maxGroups });
}

describe('more distinct stacks than maxGroups', () => {
  const a = distinct(600, 50);

  it('keeps the largest maxGroups groups with frames and folds the rest by site', () => {
    expect(a.groups).toHaveLength(50);
    for (const g of a.groups) expect(g.frames.length).toBeGreaterThan(0);
    const f = a.folded!;
    expect(f.groups).toBe(600 - 50);
    expect(f.sites.length + f.sitesLeftOut).toBeLessThanOrEqual(f.groups);
    for (const s of f.sites) expect(s).not.toHaveProperty('frames');
  });

  it('counts every goroutine: kept groups plus folded goroutines make the total', () => {
    const f = a.folded!;
    expect(a.goroutines).toBe(600);
    expect(a.groups.reduce((n, g) => n + g.count, 0) + f.goroutines).toBe(600);
    expect(f.sitesLeftOut).toBe(0);
    expect(f.sites.reduce((n, s) => n + s.count, 0)).toBe(f.goroutines); // all sites listed at this size
    expect(f.sites.reduce((n, s) => n + s.groups, 0)).toBe(f.groups);
  });

  it('shows a leak whose stacks all differ as one folded site, the largest', () => {
    const top = a.folded!.sites[0];
    const keptAtLeak = a.groups.filter((g) => g.function === LEAK_FUNCTION).length;
    expect(top).toMatchObject({ function: LEAK_FUNCTION, location: LEAK_LOCATION, class: 'chan-send', state: 'chan send', maxWaitMinutes: 30 });
    expect(top.count).toBe(60 - keptAtLeak); // one goroutine in ten is at the leak
    expect(top.groups).toBe(top.count);
  });

  it('says so in a warning with the numbers', () => {
    expect(foldedWarning(a.folded!, a.groups.length)).toBe(
      `600 groups: only the 50 largest are listed with their frames (--max-groups); the other 550 (550 goroutines) are folded into ${(a.folded!.sites.length + a.folded!.sitesLeftOut).toLocaleString('en-US')} sites by location (folded)`,
    );
  });

  it('keeps the same groups run after run (largest first, then longest wait, then by id)', () => {
    const again = distinct(600, 50);
    expect(again.groups.map((g) => g.id)).toEqual(a.groups.map((g) => g.id));
    expect(again.folded).toEqual(a.folded);
  });

  it('among groups of one goroutine, keeps the longest waits (the leak), not the first ids', () => {
    // 60 leak goroutines wait 30 minutes, the rest 0-6: the 50 kept are all leak stacks
    expect(a.groups.every((g) => g.function === LEAK_FUNCTION)).toBe(true);
    expect(a.folded!.sites.find((s) => s.function === LEAK_FUNCTION)?.count).toBe(10);
  });

  it('keeps a group larger than every folded one', () => {
    const text = distinctDump({ goroutines: 500 }) + Array.from({ length: 7 }, (_, i) =>
      `goroutine ${900000 + i} [IO wait]:\nmain.poll()\n\t/app/poll.go:5 +0x1\n`).join('\n');
    const b = analyzeHost([{ takenAt: 0, profile: parseDump(text, PARSE) }], { maxGroups: 3 });
    expect(b.groups[0]).toMatchObject({ location: '/app/poll.go:5', count: 7 });
    expect(b.goroutines).toBe(507);
    expect(b.groups.reduce((n, g) => n + g.count, 0) + b.folded!.goroutines).toBe(507);
  });

  it('gives a schema-valid report with the folded sites and the warning', async () => {
    const { report } = reportFromDumps(a, [{ file: 'distinct.txt', format: 'debug2', goroutines: 600, warnings: 0, takenAt: null }], { intervalSeconds: 30, now: new Date(0), command: 'test' });
    expect(await validateReport(report)).toEqual([]);
    expect(report.hosts[0].folded?.groups).toBe(550);
    expect(report.hosts[0].warnings).toEqual([foldedWarning(a.folded!, 50)]);
    expect(await validateReport({ ...report, hosts: [{ ...report.hosts[0], folded: { groups: 0, goroutines: 1, sites: [], sitesLeftOut: 0 } }] })).not.toEqual([]);
  });

  it('a big folded site that is an old pile makes the host a suspect, named in words', () => {
    const small = distinct(600, 50); // the leak's folded site holds ~55 goroutines: below the pile size
    expect(small.evidence.join('\n')).not.toMatch(/folded past the group cap/);
    const big = distinct(2500, 10); // ~250 at the leak, blocked 30 minutes
    expect(big.evidence.join('\n')).toMatch(new RegExp(`^\\d{3} goroutines at ${LEAK_LOCATION} \\(${LEAK_FUNCTION}, chan-send\\) in \\d{3} distinct stacks folded past the group cap, blocked up to 30 minutes: look here$`, 'm'));
    expect(big.verdict).toBe('suspect');
  });

  it('a folded site that grew over the samples makes the host a suspect', () => {
    const at = (n: number, t: number) => ({ takenAt: t, profile: parseDump(distinctDump({ goroutines: n }), PARSE) });
    const a = analyzeHost([at(1000, 0), at(2000, 5000), at(3000, 10000)], { maxGroups: 10 });
    expect(a.evidence.join('\n')).toMatch(/goroutines at \/app\/leak\.go:42 .* folded past the group cap, grew [\d,]+ → [\d,]+ over 3 samples: look here/);
  });

  it('lists at most 1,000 folded sites and counts the rest', () => {
    const big = distinct(2500, 10); // ~2,260 sites: one per non-leak function, one for the leak
    expect(big.folded!.sites).toHaveLength(1000);
    expect(big.folded!.sitesLeftOut).toBeGreaterThan(0);
    expect(big.groups.reduce((n, g) => n + g.count, 0) + big.folded!.goroutines).toBe(2500);
  });
});

describe('dumps under the cap are analyzed as before', () => {
  const dirs = [FIXTURE_DUMPS, ...(HAVE_SHARED ? [SHARED_DUMPS] : [])];
  const files = dirs.flatMap((d) => readdirSync(d).filter((f) => /\.(txt|pb\.gz)$/.test(f)).map((f) => `${d}${f}`));

  it.each(files)('%s: nothing folded, the same analysis as without a cap', async (file) => {
    const profile = await parseDumpFile(file, PARSE);
    const samples = [{ takenAt: 0, profile }];
    const capped = analyzeHost(samples);
    expect(capped.groups.length).toBeLessThanOrEqual(DEFAULTS.maxGroups);
    expect(capped.folded).toBeUndefined();
    expect(capped).toEqual(analyzeHost(samples, { maxGroups: Number.MAX_SAFE_INTEGER }));
  });
});
