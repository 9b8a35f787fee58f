// `fleet-diag gate`: a staged-rollout health gate in Argo Rollouts' vocabulary.
// Exit 0 Successful, 1 Failed, 2 Inconclusive, 3 Error.
import { GATE_EXIT, UserError } from '../core/exit-codes.js';
import { parseDuration, parsePositiveInt } from '../core/duration.js';
import { runOptionsFrom, type CollectFlags } from './run-flags.js';
import { onSignals } from './signals.js';
import { parsePercent } from '../core/percent.js';
import { DEFAULT_CRITERIA, type GateCriteria } from '../gate/types.js';
import { makeBaseline } from '../gate/observe.js';
import { runGate, type GateOptions } from '../gate/run-gate.js';
import { renderGate } from '../gate/render.js';
import { serveGate } from '../gate/serve.js';
import { loadReport } from '../diff/load.js';
import { plainProgress, progressHooks } from './progress.js';
import { stderrLog } from './log-line.js';
import { serveAccess } from './serve-access.js';
import { printJson, printOut, terminalSafe } from './output.js';

interface GateFlags extends CollectFlags {
  count: string;
  interval: string;
  sampleInterval: string;
  failureLimit: string;
  inconclusiveLimit: string;
  consecutiveErrorLimit: string;
  minMeasured: string;
  maxGoroutines?: string;
  maxGcPauseP99?: string;
  maxGrowth?: string;
  baseline?: string;
  baselineMaxGrowth: string;
  minDelta: string;
  out?: string;
  json?: boolean;
  serve?: string;
  serveToken?: string;
  serveAllowHost?: string;
}

export function criteriaFrom(f: GateFlags): GateCriteria {
  return {
    ...DEFAULT_CRITERIA,
    count: parsePositiveInt(f.count, '--count', 1),
    failureLimit: parsePositiveInt(f.failureLimit, '--failure-limit'),
    inconclusiveLimit: parsePositiveInt(f.inconclusiveLimit, '--inconclusive-limit'),
    consecutiveErrorLimit: parsePositiveInt(f.consecutiveErrorLimit, '--consecutive-error-limit'),
    minMeasured: parsePercent(f.minMeasured, '--min-measured', 1),
    maxGoroutines: f.maxGoroutines === undefined ? null : parsePositiveInt(f.maxGoroutines, '--max-goroutines', 1),
    maxGcPauseP99Ms: f.maxGcPauseP99 === undefined ? null : parseDuration(f.maxGcPauseP99, '--max-gc-pause-p99'),
    maxGrowth: f.maxGrowth === undefined ? null : parsePercent(f.maxGrowth, '--max-growth'),
    baselineMaxGrowth: parsePercent(f.baselineMaxGrowth, '--baseline-max-growth'),
    minDelta: parsePositiveInt(f.minDelta, '--min-delta'),
  };
}

export default async function gate(flags: GateFlags): Promise<number> {
  const criteria = criteriaFrom(flags);
  const intervalMs = parseDuration(flags.interval, '--interval');
  const run = runOptionsFrom(flags, { interval: flags.sampleInterval, flag: '--sample-interval' });
  const servePort = flags.serve === undefined ? null : parsePositiveInt(flags.serve, '--serve', 0);
  if (servePort !== null && servePort > 65535) throw new UserError(`--serve: '${flags.serve}' is not a TCP port`);
  const { token: serveToken, allowHosts } = serveAccess(flags, servePort !== null);
  const baseline = flags.baseline ? (({ report, file }) => makeBaseline(report, file))(await loadReport(flags.baseline)) : null;
  if (baseline && baseline.hostsCollected === 0) throw new UserError(`--baseline ${flags.baseline}: the baseline run collected no host`);

  const controller = new AbortController();
  const hurry = new AbortController();
  const stopListening = onSignals(controller, servePort === null ? 'stopping the gate' : 'stopping the webhook server', hurry);
  const say = stderrLog();
  const progress = flags.verbose ? plainProgress() : null;
  const options = (signal: AbortSignal): GateOptions => ({
    run, criteria, intervalMs, out: flags.out, outPerGate: servePort !== null, baseline, signal, log: (s) => say(`gate: ${s}`),
    hooks: { ...(progress ? progressHooks(progress) : {}), hurry: hurry.signal },
  });
  try {
    if (servePort !== null) {
      const server = await serveGate({ port: servePort, evaluate: () => runGate(options(controller.signal)), log: (s) => say(s), token: serveToken, allowHosts });
      say(`gate webhook listening on http://127.0.0.1:${server.port}/ (POST runs the gate: 200 Successful, 412 Failed, 409 Inconclusive, 424 Error; ${serveToken ? 'callers must present the token' : 'no token set: any local process may call it'})`);
      await new Promise<void>((resolve) => controller.signal.addEventListener('abort', () => resolve(), { once: true }));
      await server.close();
      return 0;
    }
    const result = await runGate(options(controller.signal));
    if (flags.json) printJson(result);
    else printOut(renderGate(terminalSafe(result)));
    return result.exitCode;
  } catch (err) {
    // Argo's Error: the gate could not run. Usage errors keep their one clear line.
    const message = err instanceof Error ? err.message : String(err);
    if (flags.json) printJson({ kind: 'gate', phase: 'Error', exitCode: GATE_EXIT.Error, message: `Error: ${message}`, reasons: [message], measurements: [] });
    if (err instanceof UserError) throw new UserError(message, GATE_EXIT.Error);
    throw err;
  } finally {
    stopListening();
  }
}
