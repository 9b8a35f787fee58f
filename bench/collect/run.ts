/**
 * Collection benchmark (issues 2 and 20, "Speed"): the whole `fleet-diag run` command, with each
 * executor, against a plain parallel ssh loop fetching the same data (the cold floor), on test
 * fleets of 8, 20 and 50 hosts, in rotating rounds, in the same process tree (all under
 * `ip netns exec <ns>-ctl`); then warm: the iterations after the first of one `watch` per
 * executor against the same loop through ControlMaster connections it opened (the warm floor).
 *
 *   npm run bench:collect                 # BENCH_SIZES=8,20,50 BENCH_ROUNDS=3, both executors
 *   BENCH_SIZES=8,20 BENCH_ROUNDS=5 BENCH_EXECUTORS=ansible npm run bench:collect
 *
 * Env: BENCH_EXECUTORS (default ansible,ssh), BENCH_SIZES, BENCH_ROUNDS (measured rounds, default 3), BENCH_WARMUP (unmeasured rounds,
 * default 1), BENCH_KEEP=1 (keep the run dirs), BENCH_FLEET_NS / BENCH_FLEET_NET (default
 * fdb / 215: a fleet of its own, apart from the test suite's fdt fleets), BENCH_FD_ARGS (extra
 * `run` flags, e.g. "--forks 10"), BENCH_SNAPSHOT=0 (run bin/fleet-diag.js in place; by default
 * a copy of bin/, dist/, roles/, schema/, patterns/ and the callback plugin taken at the start
 * is run, so a rebuild of dist/ by someone else mid-benchmark does not mix two versions),
 * BENCH_CLI=PATH (another build's bin/fleet-diag.js: every executor also runs through it, as
 * `ansible@B` / `ssh@B`, in the same rotating rounds: an A/B on one machine state).
 * Prints medians, the ratio fleet-diag/baseline per size against the targets, and where one
 * fleet-diag run's time goes (from its events.jsonl and run-dir file times).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const NS = process.env.BENCH_FLEET_NS ?? 'fdb';
const NET = process.env.BENCH_FLEET_NET ?? '215';
const SIZES = (process.env.BENCH_SIZES ?? '8,20,50').split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const WARMUP = Math.max(0, Number(process.env.BENCH_WARMUP ?? 1));
const KEEP = process.env.BENCH_KEEP === '1';
const FD_ARGS = (process.env.BENCH_FD_ARGS ?? '').split(/\s+/).filter(Boolean);
const SNAPSHOT = process.env.BENCH_SNAPSHOT !== '0';
/** Another build's bin/fleet-diag.js (e.g. main's, built in a copy): each executor runs with it too, as `EXECUTOR@B`, in the same rotating rounds (an A/B). */
const CLI_B = process.env.BENCH_CLI ? path.resolve(process.env.BENCH_CLI) : null;
const EXECUTORS = (process.env.BENCH_EXECUTORS ?? 'ansible,ssh').split(',').map((s) => s.trim()).filter((s) => s === 'ansible' || s === 'ssh')
  .flatMap((x) => (CLI_B ? [x, `${x}@B`] : [x]));
/** `run`/`watch` flags of one executor (the BENCH_FD_ARGS come after); `ansible@B` is Ansible through BENCH_CLI. */
const execArgs = (x: string) => ['--executor', x.split('@')[0]];
/** The CLI being measured: bin/fleet-diag.js, or its snapshot (see snapshotCli). */
let cli = path.join(root, 'bin', 'fleet-diag.js');
const cliFor = (x: string) => (x.endsWith('@B') && CLI_B ? CLI_B : cli);
const fleetEnv = { ...process.env, FLEET_NS: NS, FLEET_NET: NET };
const stateDir = path.join(root, 'test', 'fleet', `.state-${NS}`);

/** Issue 20's target: at most 1.2x the floor, cold and warm, at every size. */
const target = (_n: number) => 1.2;

/** What the baseline fetches: the same profiles, MemStats, the thread count and the socket table. */
const BASELINE_REMOTE =
  'curl -s "http://127.0.0.1:6060/debug/pprof/goroutine?debug=1" | gzip | base64; ' +
  'curl -s "http://127.0.0.1:6060/debug/pprof/heap?debug=1" | sed -n "/^# runtime.MemStats/,\\$p" | gzip | base64; ' +
  'curl -s -f "http://127.0.0.1:6060/debug/pprof/goroutineleak?debug=1" | gzip | base64; ' +
  'curl -s http://127.0.0.1:6060/debug/pprof/goroutine | base64; ' +
  'curl -s "http://127.0.0.1:6060/debug/pprof/goroutine?debug=2" | gzip | base64; ' +
  'ps -T -p $(pgrep -o leaky) | wc -l; ss -tan';

const BASELINE_SCRIPT = `#!/bin/bash
# Plain parallel ssh loop: one ssh per host, all at once, then wait for all.
key=$1 kh=$2 out=$3 cmd=$4; shift 4
for a in "$@"; do
  ssh -i "$key" -o UserKnownHostsFile="$kh" -o StrictHostKeyChecking=yes -o ControlMaster=no -o BatchMode=yes \\
    root@"$a" "$cmd" >"$out/$a.out" 2>"$out/$a.err" &
done
fail=0
for j in $(jobs -p); do wait "$j" || fail=$((fail + 1)); done
exit $((fail > 100 ? 100 : fail))
`;

interface Timed {
  wallMs: number;
  startMs: number;
  endMs: number;
  cpuS: number;
  rc: number | null;
  cgroup?: string | null;
}

const nowMs = () => performance.timeOrigin + performance.now();
const log = (s: string) => process.stderr.write(`${s}\n`);

function die(msg: string): never {
  log(`bench collect: ${msg}`);
  process.exit(3);
}

const CPUACCT = '/sys/fs/cgroup/cpuacct';
let cgSeq = 0;

/**
 * Runs argv under bash; wall time from spawn to exit. CPU time of the whole process tree on the
 * controller: from a cpuacct cgroup of its own when cgroup v1's cpuacct is mounted (this counts
 * daemonized ssh ControlPersist masters too, which do the key exchanges), else from bash's
 * `times` (waited-for children only).
 */
function timed(argv: string[], stdoutFile: string, stderrFile: string): Promise<Timed> {
  const timesFile = `${stdoutFile}.times`;
  let cg: string | null = path.join(CPUACCT, `${NS}-bench-${process.pid}-${++cgSeq}`);
  try {
    fs.mkdirSync(cg);
  } catch {
    cg = null;
  }
  const out = fs.openSync(stdoutFile, 'w');
  const err = fs.openSync(stderrFile, 'w');
  const startMs = nowMs();
  const child = spawn('bash', ['-c', '[ -n "$BENCH_CG" ] && echo $$ >"$BENCH_CG/tasks"; "$@"; rc=$?; times >"$BENCH_TIMES"; exit $rc', 'bench', ...argv], {
    cwd: root,
    env: { ...process.env, BENCH_TIMES: timesFile, BENCH_CG: cg ?? '' },
    stdio: ['ignore', out, err],
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const endMs = nowMs();
      fs.closeSync(out);
      fs.closeSync(err);
      let cpuS = NaN;
      try {
        // Second line of `times`: children's user and system time, e.g. "0m1.234s 0m0.567s".
        const line = fs.readFileSync(timesFile, 'utf8').trim().split('\n')[1] ?? '';
        cpuS = [...line.matchAll(/(\d+)m([\d.]+)s/g)].reduce((t, m) => t + Number(m[1]) * 60 + Number(m[2]), 0);
      } catch {
        /* no times: leave NaN */
      }
      resolve({ wallMs: endMs - startMs, startMs, endMs, cpuS, rc: code, cgroup: cg });
    });
  });
}

/** Ends what is left in a run's cgroup (by pid), then reads its CPU total and removes it. */
function closeCgroup(t: Timed): void {
  if (!t.cgroup) return;
  try {
    for (const pid of fs.readFileSync(path.join(t.cgroup, 'tasks'), 'utf8').split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    t.cpuS = Number(fs.readFileSync(path.join(t.cgroup, 'cpuacct.usage'), 'utf8')) / 1e9;
    for (let i = 0; i < 50; i++) {
      try {
        fs.rmdirSync(t.cgroup);
        break;
      } catch {
        spawnSync('sleep', ['0.02']);
      }
    }
  } catch {
    /* keep the `times` figure */
  }
}

function sh(cmd: string, args: string[], env = process.env): string {
  const r = spawnSync(cmd, args, { cwd: root, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

function fleetUp(n: number): { inventory: string; addrs: string[] } {
  log(`-- fleet ${NS}: ${n} hosts`);
  const r = spawnSync('bash', ['test/fleet/up.sh', String(n)], { cwd: root, env: fleetEnv, encoding: 'utf8' });
  if (r.status !== 0) {
    fleetDown();
    die(`test/fleet/up.sh ${n} failed:\n${r.stderr}${r.stdout}`);
  }
  const inventory = path.join(stateDir, 'inventory.ini');
  const addrs: string[] = [];
  for (const line of fs.readFileSync(inventory, 'utf8').split('\n')) {
    const m = /^h\d+\s.*\bansible_host=(\S+)/.exec(line);
    if (m) addrs.push(m[1]);
  }
  if (addrs.length !== n) die(`inventory ${inventory} lists ${addrs.length} hosts, expected ${n}`);
  return { inventory, addrs };
}

function fleetDown(): void {
  spawnSync('bash', ['test/fleet/down.sh'], { cwd: root, env: fleetEnv, stdio: 'ignore' });
}

/** Processes left in the controller namespace after a run (an ssh master would be one): ended by pid. */
function leftovers(): string[] {
  let pids: string[] = [];
  try {
    pids = sh('ip', ['netns', 'pids', `${NS}-ctl`]).split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const pid of pids) {
    let cmd = '?';
    try {
      cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    } catch {
      continue;
    }
    found.push(`${pid} ${cmd.slice(0, 100)}`);
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  return found;
}

interface FdRun extends Timed {
  dir: string;
  hostsOk: number | null;
}

async function runFleetDiag(inventory: string, dir: string, executor: string): Promise<FdRun> {
  fs.mkdirSync(dir, { recursive: true });
  // fleet-diag's own run directory must be new (--out refuses a used one): beside our logs.
  const runDir = path.join(dir, 'run');
  const t = await timed(
    ['ip', 'netns', 'exec', `${NS}-ctl`, 'node', cliFor(executor), 'run', '-i', inventory, '--samples', '1', '--retries', '0',
      '--out', runDir, '--audit-log', path.join(dir, 'audit.jsonl'), ...execArgs(executor), ...FD_ARGS],
    path.join(dir, 'stdout.txt'), path.join(dir, 'stderr.txt'),
  );
  let hostsOk: number | null = null;
  try {
    hostsOk = JSON.parse(fs.readFileSync(path.join(runDir, 'report.json'), 'utf8')).run.hostsOk ?? null;
  } catch {
    /* no report */
  }
  return { ...t, dir: runDir, hostsOk };
}

async function runBaseline(addrs: string[], dir: string, script: string): Promise<Timed & { hostsOk: number }> {
  fs.mkdirSync(dir, { recursive: true });
  const t = await timed(
    ['ip', 'netns', 'exec', `${NS}-ctl`, 'bash', script, path.join(stateDir, 'id_ed25519'), path.join(stateDir, 'known_hosts'), dir, BASELINE_REMOTE, ...addrs],
    path.join(dir, 'stdout.txt'), path.join(dir, 'stderr.txt'),
  );
  // A host counts when its output has the socket table's header (the last thing fetched) and some profile data.
  const hostsOk = addrs.filter((a) => {
    try {
      const s = fs.readFileSync(path.join(dir, `${a}.out`), 'utf8');
      return s.length > 1000 && /State\s+Recv-Q/.test(s);
    } catch {
      return false;
    }
  }).length;
  return { ...t, hostsOk };
}

/** Iterations of a warm measurement: the first connects, the rest reuse what it opened. */
const WARM_ITERATIONS = Math.max(2, Number(process.env.BENCH_WARM_ITERATIONS ?? 4));

/**
 * fleet-diag warm: one `watch --every 1s` of WARM_ITERATIONS runs keeps its SSH connections
 * (issue 20); each iteration's time is its report's finishedAt - startedAt. The first connects.
 */
async function runFleetDiagWarm(inventory: string, dir: string, executor: string): Promise<{ times: number[]; splits: Split[] }> {
  fs.mkdirSync(dir, { recursive: true });
  await timed(
    ['ip', 'netns', 'exec', `${NS}-ctl`, 'node', cliFor(executor), 'watch', '-i', inventory, '--every', '1s', '--iterations', String(WARM_ITERATIONS),
      '--samples', '1', '--retries', '0', '--snapshots', path.join(dir, 'snapshots'), '--retain', 'off', '--audit-log', path.join(dir, 'audit.jsonl'), ...execArgs(executor), ...FD_ARGS],
    path.join(dir, 'stdout.txt'), path.join(dir, 'stderr.txt'),
  );
  const snaps = path.join(dir, 'snapshots');
  const times: number[] = [];
  const splits: Split[] = [];
  for (const d of fs.existsSync(snaps) ? fs.readdirSync(snaps).sort() : []) {
    try {
      const r = JSON.parse(fs.readFileSync(path.join(snaps, d, 'report.json'), 'utf8')).run;
      const startMs = Date.parse(r.startedAt);
      const endMs = Date.parse(r.finishedAt);
      times.push(endMs - startMs);
      // Where an iteration's time goes: from its own run directory, as for a cold run.
      const split = timeSplit({ dir: path.join(snaps, d), startMs, endMs, wallMs: endMs - startMs, cpuS: NaN, rc: 0, hostsOk: null });
      if (split) splits.push(split);
    } catch {
      /* an iteration without a report */
    }
  }
  return { times, splits };
}

/** The warm floor: the same ssh loop through ControlMaster connections opened by its first round. */
async function runBaselineWarm(addrs: string[], dir: string, script: string): Promise<number[]> {
  const cp = fs.mkdtempSync(path.join(os.tmpdir(), 'fdb-cp-'));
  const warm = script.replace('.sh', '-warm.sh');
  fs.writeFileSync(warm, fs.readFileSync(script, 'utf8').replace('-o ControlMaster=no', `-o ControlMaster=auto -o ControlPersist=120 -o ControlPath=${cp}/%C`), { mode: 0o755 });
  const times: number[] = [];
  try {
    for (let i = 0; i < WARM_ITERATIONS; i++) {
      const d = path.join(dir, `i${i}`);
      fs.mkdirSync(d, { recursive: true });
      const t = await timed(['ip', 'netns', 'exec', `${NS}-ctl`, 'bash', warm, path.join(stateDir, 'id_ed25519'), path.join(stateDir, 'known_hosts'), d, BASELINE_REMOTE, ...addrs],
        path.join(d, 'stdout.txt'), path.join(d, 'stderr.txt'));
      closeCgroup(t);
      times.push(t.wallMs);
    }
  } finally {
    for (const s of fs.readdirSync(cp)) spawnSync('ip', ['netns', 'exec', `${NS}-ctl`, 'ssh', '-O', 'exit', '-o', `ControlPath=${path.join(cp, s)}`, 'x'], { stdio: 'ignore' });
    fs.rmSync(cp, { recursive: true, force: true });
  }
  return times;
}

interface Split {
  phases: [string, number][];
  coarse: [string, number][];
  wallS: number;
  /** Serial batches (one play_start each) and forks, as the run's files say. */
  batches: number;
  forks: number | null;
}

/** Where one fleet-diag run's time goes, from events.jsonl timestamps and the run dir's file times. */
function timeSplit(run: FdRun): Split | null {
  let events: { event: string; ts: number; host?: string }[];
  try {
    events = fs.readFileSync(path.join(run.dir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return null;
  }
  const ms = (e: { ts: number } | undefined) => (e ? e.ts * 1000 : NaN);
  const mtime = (f: string) => {
    try {
      return fs.statSync(path.join(run.dir, f)).mtimeMs;
    } catch {
      return NaN;
    }
  };
  const first = (name: string) => events.find((e) => e.event === name);
  const results = events.filter((e) => /^runner_(ok|failed|unreachable)$/.test(e.event));
  // The ansible executor writes limit-1.txt just before it starts ansible-playbook; the ssh
  // executor has no child to start: its event log opens (playbook_start) when it begins.
  const ansible = fs.existsSync(path.join(run.dir, 'ansible.cfg'));
  const t = {
    start: run.startMs,
    spawn: ansible ? mtime('limit-1.txt') : ms(first('playbook_start')),
    playbook: ms(first('playbook_start')),
    play: ms(first('play_start')),
    runner: ms(first('runner_start')),
    lastRunner: ms([...events].reverse().find((e) => e.event === 'runner_start')),
    firstResult: ms(results[0]),
    lastResult: ms(results[results.length - 1]),
    stats: ms(first('stats')),
    report: mtime('report.json'),
    end: run.endMs,
  };
  const d = (a: number, b: number) => (b - a) / 1000;
  const phases: [string, number][] = [
    [`node start, ansible-inventory --list, plan${ansible ? ', run files' : ''}`, d(t.start, t.spawn)],
    ...(ansible ? [['ansible-playbook start until playbook_start', d(t.spawn, t.playbook)] as [string, number]] : []),
    ['playbook_start until play_start', d(t.playbook, t.play)],
    ['play_start until first runner_start', d(t.play, t.runner)],
    // Ansible starts one worker per host, one after the other: how long until the last one started.
    ['first runner_start until last runner_start (dispatch)', d(t.runner, t.lastRunner)],
    ['first runner_start until first host result', d(t.runner, t.firstResult)],
    ['first host result until last host result', d(t.firstResult, t.lastResult)],
    ['last host result until stats', d(t.lastResult, t.stats)],
    [`stats until report.json written (${ansible ? 'ansible exit, ssh -O exit, ' : ''}analysis)`, d(t.stats, t.report)],
    ['report.json until exit (audit, summary, node exit)', d(t.report, t.end)],
  ];
  const coarse: [string, number][] = [
    [`node start + inventory reading (before ${ansible ? 'ansible-playbook starts' : 'the ssh executor starts'})`, d(t.start, t.spawn)],
    [ansible ? 'ansible-playbook startup until first task' : 'ssh executor start until first host', d(t.spawn, t.runner)],
    ['collection task across hosts (first runner_start to stats)', d(t.runner, t.stats)],
    ['after stats until exit (analysis + report)', d(t.stats, t.end)],
  ];
  let forks: number | null = null;
  try {
    forks = Number(/^forks = (\d+)/m.exec(fs.readFileSync(path.join(run.dir, 'ansible.cfg'), 'utf8'))?.[1] ?? NaN) || null;
  } catch {
    /* no cfg */
  }
  return { phases, coarse, wallS: run.wallMs / 1000, batches: events.filter((e) => e.event === 'play_start').length, forks };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sec = (x: number) => `${x.toFixed(2)}s`;
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

/** Reference costs of the two start-ups fleet-diag pays before Ansible runs a task. */
function references(inventory: string): { node: number; inventory: number } {
  const time = (cmd: string, args: string[]) => {
    const s = nowMs();
    spawnSync(cmd, args, { cwd: root, stdio: 'ignore', env: { ...process.env, ANSIBLE_INVENTORY_UNPARSED_FAILED: 'True' } });
    return (nowMs() - s) / 1000;
  };
  const node = median([0, 1, 2].map(() => time('node', [cli, '--version'])));
  const inv = median([0, 1, 2].map(() => time('ansible-inventory', ['-i', inventory, '--list'])));
  return { node, inventory: inv };
}

interface SizeResult {
  hosts: number;
  /** Cold runs per executor. */
  fd: Record<string, FdRun[]>;
  base: (Timed & { hostsOk: number })[];
  /** Per executor: the cold run nearest the median, and the warm iteration nearest the warm median. */
  split: Record<string, Split | null>;
  warmSplit: Record<string, Split | null>;
  refs: { node: number; inventory: number };
  leftovers: string[];
  load: string;
  loadEnd: string;
  /** Warm iterations (ms), the first (connecting) one included: fleet-diag watch per executor and the ControlMaster floor. */
  warm: { fd: Record<string, number[]>; base: number[] };
}

const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** The item nearest the median of what `of` says. */
function nearestMedian<T>(xs: T[], of: (x: T) => number): T | undefined {
  const med = median(xs.map(of));
  return [...xs].sort((a, b) => Math.abs(of(a) - med) - Math.abs(of(b) - med))[0];
}

async function benchSize(n: number, work: string): Promise<SizeResult> {
  const { inventory, addrs } = fleetUp(n);
  const script = path.join(work, 'baseline.sh');
  fs.writeFileSync(script, BASELINE_SCRIPT, { mode: 0o755 });
  const fd: Record<string, FdRun[]> = Object.fromEntries(EXECUTORS.map((x) => [x, []]));
  const base: (Timed & { hostsOk: number })[] = [];
  const left: string[] = [];
  try {
    const load = loadavg();
    for (let r = -WARMUP; r < ROUNDS; r++) {
      const tag = r < 0 ? `warmup${-r}` : `r${r + 1}`;
      // Rotate which goes first, so a drift in machine load hits all alike.
      const all = [...EXECUTORS, 'base'];
      const k = (r + WARMUP) % all.length;
      const order = [...all.slice(k), ...all.slice(0, k)];
      for (const which of order) {
        if (which !== 'base') {
          const x = await runFleetDiag(inventory, path.join(work, `${n}-${which}-${tag}`), which);
          const l = leftovers();
          left.push(...l);
          closeCgroup(x);
          log(`   ${tag} fleet-diag ${pad(which, 7)} ${sec(x.wallMs / 1000)} cpu ${sec(x.cpuS)} rc=${x.rc} ok=${x.hostsOk}/${n}${l.length ? ` LEFTOVER ${l.length}` : ''}`);
          if (r >= 0) fd[which].push(x);
        } else {
          const x = await runBaseline(addrs, path.join(work, `${n}-base-${tag}`), script);
          left.push(...leftovers());
          closeCgroup(x);
          log(`   ${tag} baseline           ${sec(x.wallMs / 1000)} cpu ${sec(x.cpuS)} rc=${x.rc} ok=${x.hostsOk}/${n}`);
          if (r >= 0) base.push(x);
        }
      }
    }
    log(`   warm: a fleet-diag watch of ${WARM_ITERATIONS} iterations per executor, then the ControlMaster floor`);
    const warm: SizeResult['warm'] = { fd: {}, base: [] };
    const warmSplit: SizeResult['warmSplit'] = {};
    for (const x of EXECUTORS) {
      const w = await runFleetDiagWarm(inventory, path.join(work, `${n}-${x}-warm`), x);
      left.push(...leftovers());
      warm.fd[x] = w.times;
      // The split of the later (warm) iteration nearest their median.
      warmSplit[x] = nearestMedian(w.splits.slice(1), (s) => s.wallS) ?? null;
      log(`   warm fleet-diag ${pad(x, 7)} ${w.times.map((t) => sec(t / 1000)).join(' ')}`);
    }
    warm.base = await runBaselineWarm(addrs, path.join(work, `${n}-base-warm`), script);
    log(`   warm floor              ${warm.base.map((t) => sec(t / 1000)).join(' ')}`);
    const refs = references(inventory);
    // The split is shown for the measured run closest to the median.
    const split: SizeResult['split'] = {};
    for (const x of EXECUTORS) {
      const typical = nearestMedian(fd[x], (r) => r.wallMs);
      split[x] = typical ? timeSplit(typical) : null;
    }
    return { hosts: n, fd, base, split, warmSplit, refs, leftovers: left, load, loadEnd: loadavg(), warm };
  } finally {
    fleetDown();
  }
}

function printResults(results: SizeResult[]): void {
  const out: string[] = [];
  out.push('');
  out.push(`fleet-diag run vs plain parallel ssh (the cold floor), medians of ${ROUNDS} rotating rounds (${os.cpus().length} CPUs)`);
  out.push(`${pad('executor', 9)}${pad('hosts', 6)}${lpad('fleet-diag', 11)}${lpad('floor', 10)}${lpad('ratio', 8)}${lpad('target', 8)}  ${pad('', 5)}${lpad('fd cpu', 8)}${lpad('base cpu', 9)}  hosts ok fd/base   all runs fd | base`);
  for (const x of EXECUTORS) {
    for (const r of results) {
      const runs = r.fd[x] ?? [];
      if (runs.length === 0) continue;
      const f = median(runs.map((y) => y.wallMs / 1000));
      const b = median(r.base.map((y) => y.wallMs / 1000));
      const ratio = f / b;
      const ok = ratio <= target(r.hosts) ? 'ok' : 'OVER';
      const okHosts = `${Math.min(...runs.map((y) => y.hostsOk ?? 0))}/${Math.min(...r.base.map((y) => y.hostsOk))} of ${r.hosts}`;
      out.push(
        `${pad(x, 9)}${pad(String(r.hosts), 6)}${lpad(sec(f), 11)}${lpad(sec(b), 10)}${lpad(`${ratio.toFixed(2)}x`, 8)}${lpad(`<=${target(r.hosts)}x`, 8)}  ${pad(ok, 5)}` +
          `${lpad(sec(median(runs.map((y) => y.cpuS))), 8)}${lpad(sec(median(r.base.map((y) => y.cpuS))), 9)}  ${pad(okHosts, 18)} ` +
          `${runs.map((y) => (y.wallMs / 1000).toFixed(2)).join(' ')} | ${r.base.map((y) => (y.wallMs / 1000).toFixed(2)).join(' ')}`,
      );
    }
  }
  out.push('');
  out.push(`warm: iterations after the first of one fleet-diag watch (--every 1s) vs ssh through ControlMaster connections opened by its first round (the warm floor); medians`);
  out.push(`${pad('executor', 9)}${pad('hosts', 6)}${lpad('fleet-diag', 11)}${lpad('floor', 10)}${lpad('ratio', 8)}${lpad('target', 8)}  ${pad('', 5)}first (connecting) fd | floor`);
  for (const x of EXECUTORS) {
    for (const r of results) {
      const fdw = r.warm.fd[x] ?? [];
      if (fdw.length < 2 || r.warm.base.length < 2) {
        out.push(`${pad(x, 9)}${pad(String(r.hosts), 6)} no warm figures (the watch wrote ${fdw.length} reports)`);
        continue;
      }
      const f = median(fdw.slice(1)) / 1000;
      const b = median(r.warm.base.slice(1)) / 1000;
      out.push(`${pad(x, 9)}${pad(String(r.hosts), 6)}${lpad(sec(f), 11)}${lpad(sec(b), 10)}${lpad(`${(f / b).toFixed(2)}x`, 8)}${lpad('<=1.2x', 8)}  ${pad(f / b <= 1.2 ? 'ok' : 'OVER', 5)}${sec(fdw[0] / 1000)} | ${sec(r.warm.base[0] / 1000)}`);
    }
  }
  for (const x of EXECUTORS) {
    for (const r of results) {
      for (const [kind, split] of [['cold run', r.split[x]], ['warm iteration', r.warmSplit[x]]] as const) {
        out.push('');
        if (!split) {
          out.push(`where fleet-diag's time goes, ${x}, ${r.hosts} hosts, ${kind}: no events.jsonl (the run failed)`);
          continue;
        }
        out.push(`where fleet-diag's time goes, ${x}, ${r.hosts} hosts, ${kind} (nearest the median: ${split.batches} serial batch(es), forks ${split.forks ?? 'n/a'}; load avg ${r.load} at start, ${r.loadEnd} at end):`);
        for (const [k, v] of split.coarse) out.push(`  ${pad(k, 66)}${lpad(sec(v), 8)}${lpad(`${Math.round((100 * v) / split.wallS)}%`, 6)}`);
        out.push(`  ${pad('total wall', 66)}${lpad(sec(split.wallS), 8)}`);
        out.push('  in detail:');
        for (const [k, v] of split.phases) out.push(`    ${pad(k, 72)}${lpad(sec(v), 8)}`);
      }
    }
  }
  for (const r of results) {
    out.push('');
    out.push(`reference, ${r.hosts} hosts: \`node bin/fleet-diag.js --version\` ${sec(r.refs.node)}, \`ansible-inventory --list\` ${sec(r.refs.inventory)}`);
    if (r.leftovers.length) out.push(`  WARNING: ${r.leftovers.length} process(es) outlived a run in ${NS}-ctl and were killed: ${r.leftovers.slice(0, 3).join('; ')}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

/**
 * Copies what the CLI reads at run time into bench/.work (beside the repo's node_modules, which
 * Node finds by walking up), so the whole benchmark measures one build.
 */
function snapshotCli(): string {
  const dir = path.join(root, 'bench', '.work', 'collect', 'cli');
  fs.rmSync(dir, { recursive: true, force: true });
  for (const p of ['bin', 'dist', 'roles', 'schema', 'patterns', 'package.json', path.join('src', 'executors', 'ansible', 'callback_plugins'), path.join('src', 'executors', 'ansible', 'launcher')]) {
    if (fs.existsSync(path.join(root, p))) fs.cpSync(path.join(root, p), path.join(dir, p), { recursive: true });
  }
  return path.join(dir, 'bin', 'fleet-diag.js');
}

function describeBuild(): string {
  const git = (args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout.trim();
  const dirty = git(['status', '--porcelain', '--', 'src', 'roles']).split('\n').filter(Boolean).length;
  const built = fs.statSync(path.join(root, 'dist', 'bundle', 'main.js')).mtime.toISOString();
  return `commit ${git(['rev-parse', '--short', 'HEAD'])}${dirty ? ` + ${dirty} uncommitted file(s) in src/ roles/` : ''}, dist built ${built}`;
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) die('needs root (network namespaces): run as root');
  if (!fs.existsSync(path.join(root, 'dist', 'bundle', 'main.js'))) die('dist/ is missing: build first (npm run build)');
  // Never touch another fleet: the fleet scripts must honour FLEET_NS (older ones removed every fdt-* namespace).
  for (const f of ['up.sh', 'down.sh']) {
    if (!/FLEET_NS/.test(fs.readFileSync(path.join(root, 'test', 'fleet', f), 'utf8'))) die(`test/fleet/${f} does not honour FLEET_NS: refusing to run`);
  }
  if (!/^[a-z][a-z0-9]{0,7}$/.test(NS) || NS === 'fdt') die(`BENCH_FLEET_NS=${NS}: use a fleet name of its own (default fdb)`);
  if (SIZES.length === 0) die('BENCH_SIZES is empty');
  const build = describeBuild();
  if (SNAPSHOT) cli = snapshotCli();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `${NS}-bench-`));
  const stop = () => {
    fleetDown();
    process.exit(130);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (EXECUTORS.length === 0) die('BENCH_EXECUTORS names neither ansible nor ssh');
  log(`bench collect: executors ${EXECUTORS.join(',')}, sizes ${SIZES.join(',')}, ${ROUNDS} rounds (+${WARMUP} warm-up), fleet ${NS} on 10.${NET}.0.0/24, work dir ${work}`);
  const results: SizeResult[] = [];
  try {
    for (const n of SIZES) results.push(await benchSize(n, work));
  } finally {
    fleetDown();
  }
  printResults(results);
  process.stdout.write(`measured: ${build}${CLI_B ? `; EXECUTOR@B: ${CLI_B}` : ''}${FD_ARGS.length ? `; extra run flags: ${FD_ARGS.join(' ')}` : ''}\n`);
  const resultsDir = path.join(root, 'bench', '.work', 'collect');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `results-${new Date().toISOString().replace(/[:.]/g, '')}.json`);
  fs.writeFileSync(file, JSON.stringify({ ns: NS, rounds: ROUNDS, executors: EXECUTORS, build, fdArgs: FD_ARGS, results }, null, 2));
  log(`results: ${file}`);
  if (KEEP) log(`run dirs kept in ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}

main().catch((err) => {
  fleetDown();
  log(`bench collect: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
