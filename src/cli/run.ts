import { EXIT, UserError } from './exit-codes.js';
import { parseDuration, parsePositiveInt } from '../util/duration.js';
import { parseSerial } from '../plan/serial.js';
import { runFleet } from '../pipeline/run.js';
import { exitCodeFor, parseFailOn } from '../pipeline/outcome.js';
import { renderSummary } from '../report/summary.js';
import { plainProgress } from './progress.js';
import { ttyProgress } from './progress-tty.js';

interface RunFlags {
  inventory: string;
  limit?: string;
  serial?: string;
  samples: string;
  interval: string;
  timeout: string;
  retries: string;
  forks?: string;
  maxFail: string;
  executor: string;
  fullStacks?: boolean;
  out?: string;
  auditLog: string;
  json?: boolean;
  failOn?: string;
  verbose?: boolean;
}

export default async function run(flags: RunFlags): Promise<number> {
  const failOn = parseFailOn(flags.failOn);
  if (flags.failOn !== undefined && !failOn) throw new UserError(`--fail-on: '${flags.failOn}' must be suspect or leaking`);
  if (flags.executor !== 'ansible') throw new UserError(`--executor ${flags.executor}: only 'ansible' is available in this version`);
  const samples = parsePositiveInt(flags.samples, '--samples', 1);
  const maxFail = Number(flags.maxFail.replace('%', '')) / (flags.maxFail.endsWith('%') ? 100 : 1);
  if (!(maxFail >= 0 && maxFail <= 1)) throw new UserError(`--max-fail: '${flags.maxFail}' must be a percentage from 0% to 100%`);

  const controller = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    process.stderr.write(`fleet-diag: ${sig} received: stopping Ansible and writing a partial report${signals > 1 ? ' (again: please wait)' : ''}\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  // listr2 on a terminal; plain timestamped lines in CI, AWX and Semaphore logs.
  const live = process.stderr.isTTY && !process.env.CI && !flags.verbose;
  const progress = live ? await ttyProgress() : { ...plainProgress(), finish: async (_?: Error) => {} };
  try {
    const { report, runDir } = await runFleet({
      inventory: flags.inventory,
      limit: flags.limit,
      serial: parseSerial(flags.serial),
      collect: {
        samples,
        intervalMs: parseDuration(flags.interval, '--interval'),
        timeoutMs: Math.max(1000, parseDuration(flags.timeout, '--timeout')),
        debug2Cap: 10_000,
        fullStacks: Boolean(flags.fullStacks),
      },
      retries: parsePositiveInt(flags.retries, '--retries'),
      forks: flags.forks === undefined ? undefined : parsePositiveInt(flags.forks, '--forks', 1),
      maxFail,
      out: flags.out,
      auditLog: flags.auditLog,
      command: process.argv.slice(1).map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' '),
      signal: controller.signal,
      onEvent: (e) => progress.event(e),
      onPass: (p, h) => progress.pass(p, h),
      onStage: (s) => progress.stage(s),
      echoAnsible: flags.verbose,
    }).catch(async (err: Error) => {
      await progress.finish(err);
      throw err;
    });
    await progress.finish();
    if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(renderSummary(report, runDir));
    return exitCodeFor(report, failOn);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  }
}

export { EXIT };
