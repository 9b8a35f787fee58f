// `fleet-diag watch`: scheduled runs with a CSV series, a Prometheus textfile, snapshots and alerts.
import path from 'node:path';
import { parseDuration, parsePositiveInt } from '../core/duration.js';
import { collectOptions, onSignals, type CollectFlags } from '../gate/run-options.js';
import { channelsFrom } from '../alert/channels.js';
import { DEFAULT_DELIVERY } from '../alert/deliver.js';
import { redactedCommandLine, redactText } from '../alert/redact.js';
import { runWatch } from '../watch/loop.js';
import { UserError } from '../core/exit-codes.js';
import { plainProgress } from './progress.js';

interface WatchFlags extends CollectFlags {
  every: string;
  iterations?: string;
  interval: string;
  csv?: string;
  prom?: string;
  webhook?: string;
  dingtalk?: string;
  slack?: string;
  snapshots: string;
  retain: string;
  alertOn: string;
  maxGoroutines?: string;
  maxThreads?: string;
  remind?: string;
  alertState?: string;
  alertRetries: string;
}

export default async function watch(flags: WatchFlags): Promise<number> {
  const say = (s: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`);
  const command = redactedCommandLine(process.argv.slice(1));
  const run = collectOptions(flags, flags.interval, '--interval', command);
  const everyMs = parseDuration(flags.every, '--every');
  if (everyMs < 1000) throw new UserError('--every: must be at least 1s');
  const iterations = flags.iterations === undefined ? null : parsePositiveInt(flags.iterations, '--iterations', 1);
  if (flags.alertOn !== 'suspect' && flags.alertOn !== 'leaking') throw new UserError(`--alert-on: '${flags.alertOn}' must be suspect or leaking`);
  const retainMs = flags.retain === 'off' ? null : parseDuration(flags.retain, '--retain');
  const channels = channelsFrom(flags, process.env, (w) => say(`watch: warning: ${w}`));
  const secrets = channels.flatMap((c) => [c.secret, c.token]);

  const controller = new AbortController();
  const stopListening = onSignals(controller, 'stopping the watch after writing what it has');
  const progress = flags.verbose ? plainProgress() : null;
  try {
    const s = await runWatch({
      run, everyMs, iterations, snapshots: flags.snapshots, retainMs,
      csv: flags.csv ?? null, prom: flags.prom ?? null, channels,
      rules: {
        minVerdict: flags.alertOn,
        maxGoroutines: flags.maxGoroutines === undefined ? null : parsePositiveInt(flags.maxGoroutines, '--max-goroutines', 1),
        maxThreads: flags.maxThreads === undefined ? null : parsePositiveInt(flags.maxThreads, '--max-threads', 1),
        remindMs: flags.remind === undefined ? null : parseDuration(flags.remind, '--remind'),
      },
      alertState: flags.alertState ?? path.join(flags.snapshots, 'alert-state.json'),
      delivery: { ...DEFAULT_DELIVERY, attempts: parsePositiveInt(flags.alertRetries, '--alert-retries') + 1 },
      signal: controller.signal,
      log: (l) => say(`watch: ${redactText(l, secrets)}`),
      hooks: progress ? { onEvent: (e) => progress.event(e), onPass: (p, h) => progress.pass(p, h), onStage: (st) => progress.stage(st) } : {},
    });
    say(`watch ${s.session}: ${s.iterations} iteration(s), ${s.alertsSent} alert(s) sent, ${s.deliveriesFailed} delivery failure(s)${s.interrupted ? ', interrupted' : ''}`);
    return s.exitCode;
  } finally {
    stopListening();
  }
}
