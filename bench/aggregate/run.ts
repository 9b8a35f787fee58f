// `fleet-diag aggregate` of a simulated 1,000-host AWX job (per-host results generated from real
// dumps, bench/aggregate/gen.ts), against a plain baseline in the same process tree (read and
// JSON.parse every result). Prints wall and CPU time, the CLI's peak RSS and the ratio, at two
// sizes so RSS shows how it grows. Targets: 1,000 hosts under 2 s; peak RSS bounded (a host's raw
// output never outlives its turn, only its report stays).
// BENCH_HOSTS (250,1000), BENCH_ROUNDS (3), BENCH_SAMPLES (3), BENCH_WORK (where the results and
// runs go). Needs `npm run build` (runs bin/).
//
// Where: a tmpfs (/dev/shm/fleet-diag-bench-aggregate) when there is one, so that what is measured
// is fleet-diag's own work and not the state of the machine's disk; BENCH_WORK=bench/.work/aggregate
// measures on the disk. On ext4 without a journal (this VM's root), making files within 1-6 minutes
// of deleting many makes the inode allocator test each recently deleted inode one by one
// (recently_deleted(), find_inode_bit: 75% of a run's CPU in perf): a 1,000-host aggregate that
// took 1.6 s there took 4-7 s right after the runs of a previous bench were removed (bench/README.md).
// So nothing is deleted before a measurement: the results are kept and reused while gen.ts and the
// sizes are the same, each round writes a new run directory, and the runs are removed at the end.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from './gen.js';

const root = path.resolve(import.meta.dirname, '../..');
const work = process.env.BENCH_WORK ? path.resolve(process.env.BENCH_WORK) : defaultWork();

function defaultWork(): string {
  try {
    const shm = statfsSync('/dev/shm'); // ~100 MB a round; a small tmpfs is left alone
    if (shm.bavail * shm.bsize > 2 * 1024 ** 3) return '/dev/shm/fleet-diag-bench-aggregate';
  } catch {
    // no tmpfs here
  }
  return path.join(root, 'bench', '.work', 'aggregate');
}
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

mkdirSync(work, { recursive: true });
const runs = path.join(work, 'runs', String(Date.now()));
const genStamp = createHash('sha256').update(readFileSync(path.join(import.meta.dirname, 'gen.ts'))).digest('hex').slice(0, 16);

/** The results for `hosts`, generated only when gen.ts or the sizes changed (no deletions before measuring). */
function resultsFor(hosts: number): { dir: string; bytes: number } {
  const dir = path.join(work, `results-${hosts}`);
  const stamp = path.join(dir, '.stamp');
  const want = `${genStamp} ${hosts} ${samples}`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) {
    return { dir, bytes: readdirSync(dir).filter((f) => f.endsWith('.json')).reduce((n, f) => n + statSync(path.join(dir, f)).size, 0) };
  }
  const { bytes } = generate(dir, hosts, samples);
  writeFileSync(stamp, want);
  return { dir, bytes };
}

for (const hosts of sizes) {
  const { dir: results, bytes } = resultsFor(hosts);
  console.log(`\n${hosts} hosts, ${samples} samples each, ${(bytes / 1048576).toFixed(0)} MB of results in ${work}${work.startsWith('/dev/shm') ? ' (tmpfs)' : ''} (load average ${load()})`);
  const wall: number[] = [];
  const cpu: number[] = [];
  const rss: number[] = [];
  const base: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const out = path.join(runs, `${hosts}-${r}`);
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
  const report = JSON.parse(readFileSync(path.join(runs, `${hosts}-0`, 'report.json'), 'utf8'));
  const w = median(wall);
  console.log(`report     ${report.hosts.length} hosts, ${report.run.hostsOk} ok, ${report.suspects.length} suspects`);
  console.log(`aggregate  wall ${(w / 1000).toFixed(2)} s   CPU ${(median(cpu) / 1000).toFixed(2)} s   peak RSS ${median(rss).toFixed(0)} MB (median of ${rounds})`);
  console.log(`baseline   wall ${(median(base) / 1000).toFixed(2)} s   (read + JSON.parse every result)`);
  console.log(`ratio      ${(w / median(base)).toFixed(1)}x the baseline${hosts === 1000 ? `; under 2 s: ${w < 2000 ? 'met' : 'NOT met'}` : ''}`);
}

// Measured: now the runs (this bench's and any older ones) go.
rmSync(path.join(work, 'runs'), { recursive: true, force: true });
