import { runFleet } from '../pipeline/run.js';
import { exitCodeFor } from '../pipeline/outcome.js';
import { renderSummary, summaryView } from '../report/summary.js';
import { plainProgress, progressHooks, type Progress } from './progress.js';
import { ttyProgress } from './progress-tty.js';
import { applyConfig, configNotes, loadConfig } from '../config/load.js';
import { stderrLog } from './log-line.js';
import type { Command } from 'commander';
import { stopStartedTools } from '../inventory/ansible-cli.js';
import { historyReader, runOptionsFrom, type CollectFlags } from './run-flags.js';
import { parseVerdictFlag } from './verdict-flag.js';
import { onSignals } from './signals.js';
import { printErr, printJson, printOut, terminalLine, terminalSafe } from './output.js';
import { parsePositiveInt } from '../core/duration.js';
import { UserError } from '../core/exit-codes.js';

/** More looks than this cost more than they can settle: use a longer --interval or history. */
const MAX_EXTRA_LOOKS = 5;

function extraLooksFlag(text: string | undefined): number {
  const n = parsePositiveInt(text ?? '0', '--extra-looks');
  if (n > MAX_EXTRA_LOOKS) throw new UserError(`--extra-looks: at most ${MAX_EXTRA_LOOKS} (a longer --interval or earlier runs settle more)`);
  return n;
}

interface RunFlags extends CollectFlags {
  config?: string;
  interval: string;
  out?: string;
  json?: boolean;
  failOn?: string;
  history?: string | boolean;
  extraLooks?: string;
}

export default async function run(cliFlags: RunFlags, cmd?: Command): Promise<number> {
  try {
    return await runCommand(cliFlags, cmd);
  } finally {
    stopStartedTools(); // an inventory read started ahead and not used (main.ts)
  }
}

const say = stderrLog();

async function runCommand(cliFlags: RunFlags, cmd?: Command): Promise<number> {
  const loaded = await loadConfig(cliFlags.config);
  const { config } = loaded;
  for (const note of configNotes(loaded)) say(note);
  const flags = applyConfig(cliFlags, config, (k) => cmd?.getOptionValueSource(k) === 'cli');
  const failOn = parseVerdictFlag(flags.failOn, '--fail-on');
  const options = runOptionsFrom(flags, { interval: flags.interval, flag: '--interval' });
  if (options.attach) {
    printErr(terminalLine(`warning: --attach ${options.attach.hosts}: where pprof does not answer, Delve stops the service while it lists its goroutines (up to ${(options.collect.attachTimeoutMs ?? 0) / 1000}s per sample; each pause is measured, reported and audited); at most ${Math.round(options.attach.maxShare * 100)}% of the fleet is collected at once`) + '\n');
  }

  const controller = new AbortController();
  const hurry = new AbortController();
  const stopListening = onSignals(controller, 'stopping Ansible and writing a partial report', hurry);
  // listr2 on a terminal; plain timestamped lines in CI, AWX and Semaphore logs.
  const live = process.stderr.isTTY && !process.env.CI && !flags.verbose;
  const progress: Progress = live ? await ttyProgress() : plainProgress();
  try {
    const { report, runDir } = await runFleet({ ...options, history: historyReader(flags.history), extraLooks: extraLooksFlag(flags.extraLooks), out: flags.out, signal: controller.signal, hurry: hurry.signal, ...progressHooks(progress) }).catch(async (err: Error) => {
      await progress.finish(err);
      throw err;
    });
    await progress.finish();
    if (flags.json) printJson(report);
    else printOut(renderSummary(terminalSafe(summaryView(report)), runDir));
    return exitCodeFor(report, failOn);
  } finally {
    stopListening();
  }
}
