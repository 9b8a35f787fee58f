import { UserError } from '../core/exit-codes.js';
import { parseDuration, parsePositiveInt } from '../core/duration.js';
import { parseSerial } from '../plan/serial.js';
import { runFleet } from '../pipeline/run.js';
import { exitCodeFor, parseFailOn } from '../pipeline/outcome.js';
import { renderSummary } from '../report/summary.js';
import { plainProgress } from './progress.js';
import { ttyProgress } from './progress-tty.js';
import { applyConfig, loadConfig } from '../config/load.js';
import { parseShare } from '../core/share.js';
import type { Command } from 'commander';
import { stopStartedTools } from '../inventory/ansible-cli.js';

interface RunFlags {
  inventory?: string;
  config?: string;
  maxConcurrent: string;
  allow?: string;
  acceptNewHostKeys?: boolean;
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

export default async function run(cliFlags: RunFlags, cmd?: Command): Promise<number> {
  try {
    return await runCommand(cliFlags, cmd);
  } finally {
    stopStartedTools(); // an inventory read started ahead and not used (main.ts)
  }
}

async function runCommand(cliFlags: RunFlags, cmd?: Command): Promise<number> {
  const { config } = await loadConfig(cliFlags.config);
  const flags = applyConfig(cliFlags, config, (k) => cmd?.getOptionValueSource(k) === 'cli');
  if (!flags.inventory) throw new UserError('--inventory is required (a path, or NAME for inventory/NAME*; or set inventory in fleet-diag.yml)');
  const failOn = parseFailOn(flags.failOn);
  if (flags.failOn !== undefined && !failOn) throw new UserError(`--fail-on: '${flags.failOn}' must be suspect or leaking`);
  if (flags.executor !== 'ansible' && flags.executor !== 'ssh') throw new UserError(`--executor ${flags.executor}: must be ansible or ssh`);
  const samples = parsePositiveInt(flags.samples, '--samples', 1);
  const maxFail = parseShare(flags.maxFail, '--max-fail');
  const maxConcurrent = parseShare(flags.maxConcurrent, '--max-concurrent');
  if (maxConcurrent === 0) throw new UserError('--max-concurrent: must be above 0%');

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
      allow: flags.allow,
      maxConcurrent,
      acceptNewHostKeys: Boolean(flags.acceptNewHostKeys),
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
      executor: flags.executor,
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

