// `fleet-diag aggregate` of a simulated 1,000-host AWX job (per-host results generated from real
// dumps, bench/aggregate/gen.ts), against a plain baseline in the same process tree (read and
// JSON.parse every result). Prints wall and CPU time, the CLI's peak RSS and the ratio, at two
// sizes so RSS shows how it grows. Targets: 1,000 hosts under 2 s; peak RSS bounded (a host's raw
// output never outlives its turn, only its report stays).
// BENCH_HOSTS (250,1000), BENCH_ROUNDS (3), BENCH_SAMPLES (3), BENCH_WORK (where the results and
// runs go; default bench/.work/aggregate: BENCH_WORK=/dev/shm/fd-agg measures without the disk, whose
// writeback of ~70 MB a round can dominate on a throttled VM disk). Needs `npm run build` (runs bin/).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { generate } from './gen.js';

const root = path.resolve(import.meta.dirname, '../..');
const work = process.env.BENCH_WORK ? path.resolve(process.env.BENCH_WORK) : path.join(root, 'bench', '.work', 'aggregate');
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const samples = Number(process.env.BENCH_SAMPLES ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const sizes = (process.env.BENCH_HOSTS ?? '250,1000').split(',').map(Number);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];

function timed(args: string[]): number {
  const t = performance.now();
  execFileSync(process.execPath, args, { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - t;
}

for (const hosts of sizes) {
  const results = path.join(work, `results-${hosts}`);
  mkdirSync(work, { recursive: true });
  const { bytes } = generate(results, hosts, samples);
  console.log(`\n${hosts} hosts, ${samples} samples each, ${(bytes / 1048576).toFixed(0)} MB of results in ${work} (load average ${load()})`);
  const wall: number[] = [];
  const cpu: number[] = [];
  const rss: number[] = [];
  const base: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const out = path.join(work, 'runs', `${hosts}-${r}`);
    rmSync(out, { recursive: true, force: true });
    const measure = path.join(work, `measure-${hosts}-${r}.json`);
    base.push(timed([path.join(import.meta.dirname, 'baseline.mjs'), results]));
    const t = performance.now();
    try {
      execFileSync(process.execPath, ['--import', path.join(import.meta.dirname, 'rss-on-exit.mjs'), path.join(root, 'bin', 'fleet-diag.js'), 'aggregate', results, '--out', out, '--stats', path.join(out, 'stats.json')],
        { cwd: work, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, BENCH_RSS_FILE: measure } });
    } catch (err) {
      // exit 2: some simulated hosts are unreachable, as intended
      if ((err as { status?: number }).status !== 2) throw err;
    }
    wall.push(performance.now() - t);
    const m = JSON.parse(readFileSync(measure, 'utf8'));
    cpu.push(m.cpuMs);
    rss.push(m.maxRssKb / 1024);
  }
  const report = JSON.parse(readFileSync(path.join(work, 'runs', `${hosts}-0`, 'report.json'), 'utf8'));
  const w = median(wall);
  console.log(`report     ${report.hosts.length} hosts, ${report.run.hostsOk} ok, ${report.suspects.length} suspects`);
  console.log(`aggregate  wall ${(w / 1000).toFixed(2)} s   CPU ${(median(cpu) / 1000).toFixed(2)} s   peak RSS ${median(rss).toFixed(0)} MB (median of ${rounds})`);
  console.log(`baseline   wall ${(median(base) / 1000).toFixed(2)} s   (read + JSON.parse every result)`);
  console.log(`ratio      ${(w / median(base)).toFixed(1)}x the baseline${hosts === 1000 ? `; under 2 s: ${w < 2000 ? 'met' : 'NOT met'}` : ''}`);
}
