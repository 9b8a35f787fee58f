// Entry point: parses argv with commander and lazy-loads one command module, so `--help` stays fast.
import { Command } from 'commander';
import { reportError } from './report-error.js';
import { exitQuietlyOnClosedPipe, printErr, printOut } from './output.js';

type Action = (...args: any[]) => Promise<number>;

/**
 * Each command lives in its own file and is imported only when it runs. The import is a
 * literal `import('./x.js')` at each call site so the bundler splits one chunk per command.
 */
function lazy(load: () => Promise<unknown>, first?: (...args: unknown[]) => Promise<void>): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    await first?.(...args);
    const mod = (await load()) as { default: Action };
    process.exitCode = await mod.default(...args);
  };
}

/**
 * `run` starts reading the inventory (ansible-inventory, a Python start of ~0.4 s) before it
 * loads its own modules (~0.2 s), so the two overlap. Only a small module is loaded for it; a
 * --config file that names another inventory just leaves this result unused.
 */
async function readInventoryEarly(...args: unknown[]): Promise<void> {
  const opts = args[0] as { inventory?: string; limit?: string };
  if (!opts.inventory) return;
  (await import('./signals.js')).exitOnSignalUntilListening();
  const [{ resolveInventory }, { readInventoryEarlyUnlessKept: start }] = await Promise.all([import('../inventory/resolve.js'), import('../inventory/cache.js')]);
  try {
    await start(resolveInventory(opts.inventory), opts.limit);
  } catch {
    // a bad --inventory is reported by the run itself, with its exit code
  }
}

/**
 * Before aggregate loads the parsers and the analysis: its reader thread starts meanwhile
 * (pipeline/reader-thread.ts), and V8's optimizing compiler is told to do less. An aggregate is a
 * second or two of many small hosts through a lot of code: on a 2-core machine, optimizing it took
 * about a third of all the CPU (V8's compiler threads, 1.1 s of 3.8 s on 1,000 hosts). Compiling
 * without inlining, and only what stays hot 4 times longer (V8's interrupt budget, 67,584 bytecode
 * units by default), costs less than the slower code it runs meanwhile (bench/README.md).
 */
async function aggregateEarly(...args: unknown[]): Promise<void> {
  const v8 = await import('node:v8');
  v8.setFlagsFromString('--no-turbo-inlining');
  v8.setFlagsFromString('--interrupt-budget=270336');
  (await import('../pipeline/reader-thread.js')).startReaderEarly(args[0] as string[]);
}

/** --verbose means the same for run, gate and watch. */
const VERBOSE = "per-host progress lines and Ansible's own output on stderr";

/** Per host: dumps of all-distinct stacks make one group per goroutine (issue 21). */
const MAX_GROUPS = 'groups per host listed with their frames, the largest first; the rest are folded by site';

/** Options every fleet-collecting command shares (run, gate, watch), with that command's defaults. */
function fleetOptions(cmd: Command, d: { maxFail: string; maxConcurrent: string; what: string }): Command {
  return cmd
    .option('-l, --limit <pattern>', `Ansible host pattern to limit the ${d.what}`)
    .option('--serial <list>', 'batch sizes: int, percent or list (last repeats), e.g. 1,10%,30%')
    .option('--timeout <dur>', 'bound for each remote step', '20s')
    .option('--retries <n>', 'retry passes for hosts that failed or were unreachable', '1')
    .option('--forks <n>', 'parallel connections (default: largest batch, at most 50)')
    .option('--max-fail <pct>', `stop a ${d.what} after this share of hosts failed`, d.maxFail)
    .option('--max-concurrent <pct>', 'never collect more than this share of the hosts at once', d.maxConcurrent)
    .option('--allow <patterns>', 'refuse to run unless every host matches one of these globs (comma-separated)')
    .option('--executor <kind>', 'ansible or ssh', 'ansible')
    .option('--alert-goroutines <n>', 'a host with more goroutines than this is a finding (suspect)', '5000')
    .option('--alert-gc-pause-p99 <dur>', 'a host whose GC pause p99 (recent GC cycles) is above this is a finding (suspect)', '100ms')
    .option('--max-groups <n>', MAX_GROUPS, '10000')
    .option('--inventory-timeout <dur>', 'longest wait for the inventory (a dynamic one may hang)', '2m')
    .option('--audit-log <file>', 'audit trail (JSON lines)', 'runs/audit.jsonl');
}

export function buildProgram(): Command {
  const program = new Command('fleet-diag')
    .description('Find goroutine leaks across a fleet of Go services through Ansible.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: printOut, writeErr: printErr })
    .exitOverride();

  fleetOptions(
    program
      .command('run')
      .description('collect goroutine profiles, threads and sockets from every host and report leaks')
      .option('-i, --inventory <path|name>', 'inventory file/dir, or NAME for inventory/NAME[.yml|.yaml|.ini|.json] (required)'),
    { maxFail: '30%', maxConcurrent: '30%', what: 'run' },
  )
    .option('--samples <n>', 'profiles per host, --interval apart', '3')
    .option('--interval <dur>', 'time between samples', '5s')
    .option('--accept-new-host-keys', 'trust SSH host keys seen for the first time (host key checking stays on)')
    .option('--config <file>', 'defaults for these flags (YAML; default ./fleet-diag.yml when present)')
    .option('--full-stacks', 'take debug=2 stacks even above the size cap')
    .option('--capture <list>', 'also fetch these profiles from every host after its samples: heap,allocs,block,mutex,goroutineleak,cpu=10s,trace=5s (kept in the run directory for go tool pprof / go tool trace)')
    .option('--attach <hosts>', 'opt-in: for these hosts (globs, comma-separated) whose service has no pprof endpoint, attach Delve on the node to list its goroutines (pauses the service)')
    .option('--attach-timeout <dur>', 'hard limit of one Delve attach; then the debugger is killed and the process checked', '10s')
    .option('--attach-max <pct>', 'with --attach: collect at most this share of the fleet at once', '10%')
    .option('--out <dir>', 'run directory (default runs/<stamp>-<id>)')
    .option('--history <dir>', "earlier runs to judge sites on too (their report.json in subfolders); default: the run directory's parent")
    .option('--no-history', 'judge this run alone')
    .option('--extra-looks <n>', 'sample a host again, up to N times, while its suspect site is undecided (a rising count nothing else settled)', '0')
    .option('--json', 'print report.json on stdout')
    .option('--fail-on <verdict>', 'exit 1 when a host is at or above: suspect|leaking')
    .option('-v, --verbose', VERBOSE)
    .action(lazy(() => import('./run.js'), readInventoryEarly));

  program
    .command('analyze')
    .description('analyze goroutine dumps (debug=1, debug=2, tracebacks, binary pprof); several files are time-ordered samples')
    .argument('<files...>', "dump files; '-' reads stdin; gzip is detected")
    .option('--json', 'print the host-shaped analysis as JSON')
    .option('--coarse', 'group by functions only')
    .option('--max-groups <n>', MAX_GROUPS, '10000')
    .option('--fail-on <verdict>', 'exit 1 when the verdict is at or above: suspect|leaking')
    .option('--interval <dur>', 'time between samples when files carry no timestamps', '30s')
    .option('--markdown <file>', "also write Markdown for a ticket ('-' = stdout)")
    .option('--dot <file>', "also write a Graphviz graph of the suspect sites ('-' = stdout)")
    .option('--html <file>', "also write one self-contained HTML page with charts and a flame graph ('-' = stdout)")
    .action(lazy(() => import('./analyze.js')));

  program
    .command('aggregate')
    .description('build a report from what playbooks/collect.yml left (AWX, Semaphore)')
    .argument('<dirs...>', 'directories of <host>.json results')
    .option('--out <dir>', 'run directory for report.json and artifacts')
    .option('--json', 'print report.json on stdout')
    .option('--fail-on <verdict>', 'exit 1 when a host is at or above: suspect|leaking')
    .option('--stats <file>', "also write the compact summary collect.yml publishes with set_stats (per-host status, verdict, goroutines; top suspects)")
    .option('--audit-log <file>', "audit trail (JSON lines; default: audit.jsonl beside the run directory, runs/audit.jsonl without --out)")
    .option('--max-groups <n>', MAX_GROUPS, '10000')
    .action(lazy(() => import('./aggregate.js'), aggregateEarly));

  program
    .command('audit')
    .description('audit trail: verify | list')
    .argument('<action>', 'verify or list')
    .option('--audit-log <file>', 'audit trail (JSON lines)', 'runs/audit.jsonl')
    .option('--since <dur>', 'with list: only records newer than this, e.g. 7d')
    .option('--user <user>', 'with list: only this user')
    .option('--host <host>', 'with list: only runs that touched this host')
    .option('--json', 'print records as JSON lines')
    .action(lazy(() => import('./audit.js')));

  program
    .command('diff')
    .description('compare two runs: stack groups new, grown, shrunk or gone, per host and fleet-wide; hosts added or lost')
    .argument('<runA>', 'earlier run directory (or its report.json)')
    .argument('<runB>', 'later run directory (or its report.json)')
    .option('--json', 'print the complete comparison as JSON')
    .option('--top <n>', 'changes of each kind shown per host in the text view', '5')
    .action(lazy(() => import('./diff.js')));

  program
    .command('report')
    .description("render a run's report.json: terminal summary, or Markdown (tickets), DOT (Graphviz), self-contained HTML")
    .argument('<runDir>', 'run directory (or its report.json)')
    .option('--markdown <file>', "write Markdown for a ticket or PR ('-' = stdout)")
    .option('--dot <file>', "write a Graphviz graph of suspect sites, hosts and creators ('-' = stdout)")
    .option('--html <file>', "write one self-contained HTML page with timelines, a flame graph per host and the fleet's heat table ('-' = stdout)")
    .option('--history <dir>', "earlier runs to chart (their report.json in subfolders); default: the run's own parent folder")
    .option('--no-history', 'chart this run only')
    .option('--watch-csv <file>', 'a `watch --csv` series to chart beside earlier runs (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .action(lazy(() => import('./report.js')));

  fleetOptions(
    program
      .command('gate')
      .description('staged-rollout health gate (Argo Rollouts vocabulary): COUNT measurements INTERVAL apart; exit 0 Successful, 1 Failed, 2 Inconclusive, 3 Error')
      .requiredOption('-i, --inventory <path|name>', 'inventory file/dir, or NAME for inventory/NAME[.yml|.yaml|.ini|.json]'),
    { maxFail: '100%', maxConcurrent: '100%', what: 'measurement' },
  )
    .option('--count <n>', 'measurements to take', '3')
    .option('--interval <dur>', 'pause between measurements', '30s')
    .option('--failure-limit <n>', 'failed measurements tolerated', '0')
    .option('--inconclusive-limit <n>', 'inconclusive measurements tolerated', '0')
    .option('--consecutive-error-limit <n>', 'measurement errors in a row tolerated', '4')
    .option('--min-measured <pct>', 'share of hosts that must be measured, else Inconclusive', '80%')
    .option('--max-goroutines <n>', 'fail a host above this many goroutines')
    .option('--max-gc-pause-p99 <dur>', 'fail a host whose GC pause p99 (recent GC cycles) is above this, e.g. 100ms')
    .option('--max-growth <pct>', "fail a host whose goroutines grew more than this across the measurements")
    .option('--baseline <run_dir>', 'fail groups that grew versus this run of the old version')
    .option('--baseline-max-growth <pct>', 'growth over the baseline that fails a group (new groups count from 0)', '50%')
    .option('--min-delta <n>', 'growth below this many goroutines never fails (noise)', '20')
    .option('--samples <n>', 'profiles per host in each measurement', '3')
    .option('--sample-interval <dur>', 'time between samples within a measurement', '5s')
    .option('--out <dir>', 'measurement N is written to DIR/mN; with --serve each request to DIR/<gate id>/mN (default runs/<stamp>-<id>)')
    .option('--json', 'print the outcome, every measurement and the reasons as JSON')
    .option('--serve <port>', 'serve a webhook on 127.0.0.1:PORT for Flagger: each POST runs the gate; 200 Successful, 4xx otherwise')
    .option('--serve-token <@file>', 'with --serve: callers must present this token (@FILE only; or FLEET_DIAG_GATE_TOKEN[_FILE])')
    .option('--serve-allow-host <names>', 'with --serve: Host names to answer to besides 127.0.0.1/localhost/[::1]:PORT (comma-separated host[:port])')
    .option('-v, --verbose', VERBOSE)
    .action(lazy(() => import('./gate.js')));

  fleetOptions(
    program
      .command('watch')
      .description('run every DUR for cron, systemd or AWX schedules: CSV series, Prometheus textfile, snapshots, alerts (DingTalk, Slack, webhook)')
      .requiredOption('-i, --inventory <path|name>', 'inventory file/dir, or NAME for inventory/NAME[.yml|.yaml|.ini|.json]'),
    { maxFail: '100%', maxConcurrent: '30%', what: 'run' },
  )
    .option('--every <dur>', 'time from one run to the next', '60s')
    .option('--iterations <n>', 'stop after N runs (default: until stopped)')
    .option('--csv <file>', 'append a time series: timestamp, host, status, goroutines, threads, socket states, …')
    .option('--prom <file>', 'write a Prometheus textfile (node_exporter textfile collector), atomically')
    .option('--webhook <url>', 'generic JSON webhook (or @FILE, or FLEET_DIAG_WEBHOOK_URL; token: FLEET_DIAG_WEBHOOK_TOKEN)')
    .option('--dingtalk <url>', 'DingTalk robot webhook (or @FILE, or FLEET_DIAG_DINGTALK_URL; signing: FLEET_DIAG_DINGTALK_SECRET)')
    .option('--slack <url>', 'Slack incoming webhook (or @FILE, or FLEET_DIAG_SLACK_URL)')
    .option('--alert-on <verdict>', 'lowest verdict that alerts: suspect|leaking', 'suspect')
    .option('--max-goroutines <n>', 'also alert when a host has more goroutines than this')
    .option('--max-threads <n>', 'also alert when a service has more threads than this')
    .option('--remind <dur>', 'send a still-firing alert again after this long (default: once until it changes)')
    .option('--alert-state <file>', 'what was already sent (default SNAPSHOTS/alert-state.json)')
    .option('--alert-retries <n>', 'delivery retries per message', '2')
    .option('--snapshots <dir>', 'a run directory per iteration goes here', 'runs/watch')
    .option('--history <dir>', 'earlier runs to judge sites on too; default: the snapshots folder (this watch series and earlier ones)')
    .option('--no-history', 'judge each run alone')
    .option('--retain <dur>', "delete this watch's snapshots older than this (off keeps all)", '7d')
    .option('--samples <n>', 'profiles per host in each run', '3')
    .option('--interval <dur>', 'time between samples', '5s')
    .option('-v, --verbose', VERBOSE)
    .action(lazy(() => import('./watch.js')));

  return program;
}

export async function main(argv: string[]): Promise<void> {
  exitQuietlyOnClosedPipe();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

await main(process.argv);
