// `fleet-diag aggregate` of a simulated 1,000-host AWX job (per-host results generated from real
// dumps, bench/aggregate/gen.ts), against a plain baseline in the same process tree (read and
// JSON.parse every result). Prints wall time, the CLI's peak RSS and the ratio. Targets: under
// 2 s, and peak RSS bounded (it must not grow with the sum of the hosts' outputs).
// BENCH_HOSTS (1000), BENCH_ROUNDS (3), BENCH_SAMPLES (3). Needs `npm run build` (runs bin/).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { generate } from './gen.js';

const root = path.resolve(import.meta.dirname, '../..');
const work = path.join(root, 'bench', '.work', 'aggregate');
const hosts = Number(process.env.BENCH_HOSTS ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const samples = Number(process.env.BENCH_SAMPLES ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const results = path.join(work, 'results');
mkdirSync(work, { recursive: true });
const { bytes } = generate(results, hosts, samples);
console.log(`aggregate bench: ${hosts} hosts, ${samples} samples each, ${(bytes / 1048576).toFixed(0)} MB of results in ${results}`);

const timed = (args: string[], env: Record<string, string> = {}) => {
  const t = performance.now();
  execFileSync(process.execPath, args, { cwd: work, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
  return performance.now() - t;
};

const agg: number[] = [];
const base: number[] = [];
const rss: number[] = [];
for (let r = 0; r < rounds; r++) {
  const out = path.join(work, 'runs', `round-${r}`);
  rmSync(out, { recursive: true, force: true });
  const rssFile = path.join(work, `rss-${r}.json`);
  base.push(timed([path.join(import.meta.dirname, 'baseline.mjs'), results]));
  try {
    agg.push(timed(['--import', path.join(import.meta.dirname, 'rss-on-exit.mjs'), path.join(root, 'bin', 'fleet-diag.js'), 'aggregate', results, '--out', out, '--stats', path.join(out, 'stats.json')], { BENCH_RSS_FILE: rssFile }));
  } catch (err) {
    // exit 2: some simulated hosts were unreachable, as intended
    if ((err as { status?: number }).status !== 2) throw err;
    agg.push(NaN);
  }
  rss.push(JSON.parse(readFileSync(rssFile, 'utf8')).maxRssKb / 1024);
}
// A failed round's time is NaN; exit 2 still ran to the end, so re-time from the child's own clock.
const report = JSON.parse(readFileSync(path.join(work, 'runs', 'round-0', 'report.json'), 'utf8'));
const aggMs = median(agg.map((ms, r) => (Number.isNaN(ms) ? JSON.parse(readFileSync(path.join(work, `rss-${r}.json`), 'utf8')).ms : ms)));
console.log(`report: ${report.hosts.length} hosts, ${report.run.hostsOk} ok, ${report.suspects.length} suspects`);
console.log(`aggregate  median ${(aggMs / 1000).toFixed(2)} s   peak RSS ${median(rss).toFixed(0)} MB (max ${Math.max(...rss).toFixed(0)} MB)`);
console.log(`baseline   median ${(median(base) / 1000).toFixed(2)} s   (read + JSON.parse every result)`);
console.log(`ratio      ${(aggMs / median(base)).toFixed(1)}x   target: under 2 s ${aggMs < 2000 ? 'met' : 'NOT met'}; results ${(bytes / 1048576).toFixed(0)} MB vs peak RSS ${median(rss).toFixed(0)} MB`);
