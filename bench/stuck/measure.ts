// The measured set of the single-dump ranking (issue 18): for each dump, where the site its
// thread named ranks among the suspects, and each dump's verdict before and after the
// single-dump rules. Prints a table per set and the figures bench/README.md reports.
//   node_modules/.bin/tsx bench/stuck/measure.ts [DIR...]
// Default: test/fixtures/stuck-dumps, and $FLEET_DIAG_STUCK_PUBLIC when set (get-public.sh).
import { fileURLToPath } from 'node:url';
import { figures, measureSet } from '../../test/unit/helpers/stuck-set.js';

const own = fileURLToPath(new URL('../../test/fixtures/stuck-dumps/', import.meta.url));
const dirs = process.argv.length > 2 ? process.argv.slice(2) : [own, ...(process.env.FLEET_DIAG_STUCK_PUBLIC ? [process.env.FLEET_DIAG_STUCK_PUBLIC] : [])];
const all = [];
for (const dir of dirs) {
  const rows = measureSet(dir);
  all.push(...rows);
  console.log(`\n${dir}`);
  console.log('| dump | kind | goroutines | named site (class) | its rank (by count before) | minutes printed | verdict before → after |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const rank = r.kind === 'stuck' ? `${r.namedRank ?? 'not listed'} (${r.namedRankByCount ?? '-'})` : '';
    const site = r.kind === 'stuck' ? `${r.namedSite.replace(/\|/g, ' or ')} (${r.namedClass})` : '';
    console.log(`| ${r.file} | ${r.kind} | ${r.goroutines} | ${site} | ${rank} | ${r.hasMinutes ? 'yes' : 'no'} | ${r.verdictBefore} → ${r.verdict} |`);
  }
  console.log(JSON.stringify(figures(rows)));
}
console.log(`\nall: ${JSON.stringify(figures(all))}`);
