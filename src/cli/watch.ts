// `fleet-diag watch`: scheduled runs with a CSV series, a Prometheus textfile, snapshots and alerts.
import path from 'node:path';
import { parseDuration, parsePositiveInt } from '../core/duration.js';
import { historyReader, runOptionsFrom, type CollectFlags } from './run-flags.js';
import { parseVerdictFlag } from './verdict-flag.js';
import { onSignals } from './signals.js';
import { channelsFrom } from '../alert/channels.js';
import { channelSecrets, DEFAULT_DELIVERY } from '../alert/deliver.js';
import { redactText } from '../alert/redact.js';
import { runWatch } from '../watch/loop.js';
import { UserError } from '../core/exit-codes.js';
import { plainProgress, progressHooks } from './progress.js';
import { stderrLog } from './log-line.js';

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
  history?: string | boolean;
}

export default async function watch(flags: WatchFlags): Promise<number> {
  const say = stderrLog();
  const run = { ...runOptionsFrom(flags, { interval: flags.interval, flag: '--interval' }), history: historyReader(flags.history) };
  const everyMs = parseDuration(flags.every, '--every');
  if (everyMs < 1000) throw new UserError('--every: must be at least 1s');
  const iterations = flags.iterations === undefined ? null : parsePositiveInt(flags.iterations, '--iterations', 1);
  const alertOn = parseVerdictFlag(flags.alertOn, '--alert-on') ?? 'suspect';
  const retainMs = flags.retain === 'off' ? null : parseDuration(flags.retain, '--retain');
  const channels = channelsFrom(flags, process.env, (w) => say(`watch: warning: ${w}`));
  const secrets = channels.flatMap(channelSecrets);

  const controller = new AbortController();
  const hurry = new AbortController();
  const stopListening = onSignals(controller, 'stopping the watch after writing what it has', hurry);
  const progress = flags.verbose ? plainProgress() : null;
  try {
    const s = await runWatch({
      run, everyMs, iterations, snapshots: flags.snapshots, retainMs,
      csv: flags.csv ?? null, prom: flags.prom ?? null, channels,
      rules: {
        minVerdict: alertOn,
        maxGoroutines: flags.maxGoroutines === undefined ? null : parsePositiveInt(flags.maxGoroutines, '--max-goroutines', 1),
        maxThreads: flags.maxThreads === undefined ? null : parsePositiveInt(flags.maxThreads, '--max-threads', 1),
        remindMs: flags.remind === undefined ? null : parseDuration(flags.remind, '--remind'),
      },
      alertState: flags.alertState ?? path.join(flags.snapshots, 'alert-state.json'),
      delivery: { ...DEFAULT_DELIVERY, attempts: parsePositiveInt(flags.alertRetries, '--alert-retries') + 1 },
      signal: controller.signal,
      log: (l) => say(`watch: ${redactText(l, secrets)}`),
      hooks: { ...(progress ? progressHooks(progress) : {}), hurry: hurry.signal },
    });
    say(`watch ${s.session}: ${s.iterations} iteration(s), ${s.alertsSent} alert(s) sent, ${s.deliveriesFailed} delivery failure(s)${s.interrupted ? ', interrupted' : ''}`);
    return s.exitCode;
  } finally {
    stopListening();
  }
}
