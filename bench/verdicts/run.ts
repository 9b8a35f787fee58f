/**
 * Verdicts benchmark (issue 11): every regime of bench/verdicts/regimes.ts run BENCH_RUNS times
 * (default 5, each with its own seed), judged three ways (judge.ts), and a table per way: host
 * verdicts per regime (leaking / suspect / healthy), then precision and recall of `leaking`
 * (a leak counts as found only when a group at the leak's line and class is leaking).
 *
 *   npm run bench:verdicts                 # BENCH_RUNS=5
 *   BENCH_RUNS=20 BENCH_SEED=7 npm run bench:verdicts
 *
 * Deterministic: the same BENCH_SEED gives the same table.
 */
import { REGIMES, CLASS_OF } from './regimes.js';
import { judge, MODES, type Mode } from './judge.js';

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const SEED = Number(process.env.BENCH_SEED ?? 11);

interface Row {
  regime: string;
  leak: boolean;
  onlySuspect: boolean;
  counts: Record<Mode, { leaking: number; suspect: number; healthy: number; found: number }>;
}

const started = Date.now();
const rows: Row[] = [];
for (const [ri, regime] of REGIMES.entries()) {
  const row: Row = { regime: regime.name, leak: regime.leak, onlySuspect: regime.onlySuspect !== undefined, counts: {} as Row['counts'] };
  for (const m of MODES) row.counts[m] = { leaking: 0, suspect: 0, healthy: 0, found: 0 };
  for (let run = 0; run < RUNS; run++) {
    const { svc, leak } = regime.build(SEED * 1000 + ri * 100 + run, run);
    for (const m of MODES) {
      const a = judge(svc, m);
      const c = row.counts[m];
      if (a.verdict === 'leaking') c.leaking++;
      else if (a.verdict === 'suspect') c.suspect++;
      else c.healthy++;
      if (leak && a.groups.some((g) => g.verdict === 'leaking' && g.function === leak.location && g.class === CLASS_OF.get(leak))) c.found++;
    }
  }
  rows.push(row);
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : 'n/a');
console.log(`verdicts: ${REGIMES.length} regimes × ${RUNS} runs (seed ${SEED}), host verdicts leaking / suspect / healthy\n`);
console.log(`| regime | truth | ${MODES.join(' | ')} |`);
console.log(`|---|---|${MODES.map(() => '---').join('|')}|`);
for (const r of rows) {
  const cells = MODES.map((m) => {
    const c = r.counts[m];
    return `${c.leaking} / ${c.suspect} / ${c.healthy}${r.leak ? ` (line+class ${c.found})` : ''}`;
  });
  console.log(`| ${r.regime} | ${r.leak ? (r.onlySuspect ? 'leak (suspect by design)' : 'leak') : 'no leak'} | ${cells.join(' | ')} |`);
}
console.log('');
console.log('| way | precision (leaking) | recall (leaking at its line and class) | leaks only suspect | non-leaks suspect |');
console.log('|---|---|---|---|---|');
for (const m of MODES) {
  let tp = 0;
  let fp = 0;
  let leaks = 0;
  let leakSuspect = 0;
  let otherSuspect = 0;
  for (const r of rows) {
    const c = r.counts[m];
    if (r.leak) {
      tp += c.found;
      leaks += RUNS;
      leakSuspect += c.suspect;
    } else {
      fp += c.leaking;
      otherSuspect += c.suspect;
    }
  }
  console.log(`| ${m} | ${pct(tp / (tp + fp))} (${tp}/${tp + fp}) | ${pct(tp / leaks)} (${tp}/${leaks}) | ${leakSuspect} | ${otherSuspect} |`);
}
console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);
