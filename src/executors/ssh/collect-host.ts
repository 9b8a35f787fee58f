import type { Client } from 'ssh2';
import { oneLine } from '../../core/one-line.js';
import type { RunEvent } from '../../collect/run-events.js';
import { TASKS } from '../../collect/run-events.js';
import type { HostOutcome } from '../../collect/host-outcome.js';
import { explainUnreachable, judgeCollectorResult, type JudgeContext } from '../../collect/judge-result.js';
import type { HostTarget } from '../../plan/targets.js';
import { hasGoroutines, readCollectorOutput } from '../../collect/protocol.js';
import { outputOverLimit } from '../../collect/limits.js';
import { collectorArgv, collectorCommand, type CollectorSettings } from '../../collect/collector-command.js';
import { openSsh, Stopped, Unreachable } from './connect.js';
import type { ClientPool } from './client-pool.js';
import type { Endpoint } from './endpoint.js';
import type { HostKeyStore } from './host-keys.js';
import { execLocal, execRemote, type CollectorRun } from './run-collector.js';
import { withBecome } from './become.js';

/** The task name the event log's readers know (roles/goroutine_snapshot/tasks/oneshot.yml). */
export const TASK = TASKS.snapshot;

export interface HostContext {
  script: string;
  settings: CollectorSettings;
  keys: HostKeyStore;
  judge: JudgeContext;
  connectTimeoutMs: number;
  /** Hard bound for the host: connect, collect and transfer (budget + 10 s). */
  boundMs: number;
  /** The run's stop signal. */
  signal: AbortSignal;
  /** Called once the collector may be running on the host (for the stop-time cleanup). */
  touched: (host: string) => void;
  /** The run's collector tag for a host (collectorTag): what the stop-time cleanup ends. */
  tagOf: (host: string) => string;
  /** Most stdout read from a collector (default limits.ts MAX_OUTPUT). */
  maxOutputBytes?: number;
  /** Connections kept between the runs of a watch or gate; without it each run connects and closes. */
  clients?: ClientPool;
}

/** One host's collection: its outcome, and the result event (null when the run was interrupted first). */
export interface HostRun {
  outcome: HostOutcome;
  event: Omit<RunEvent, 'ts'> | null;
  interrupted: boolean;
}

const resultEvent = (host: string, event: RunEvent['event'], res: NonNullable<RunEvent['res']>, action: string): Omit<RunEvent, 'ts'> => ({ event, host, task: TASK, action, res });

/** Connects (or not, for local hosts), runs the collector under the host's hard bound and judges what came back. */
export async function collectHost(ep: Endpoint, target: HostTarget, ctx: HostContext): Promise<HostRun> {
  const host = target.host;
  if (ep.kind === 'unsupported') {
    return { outcome: { host, status: 'failed', error: ep.error, raw: null, warnings: [] }, event: resultEvent(host, 'runner_failed', { msg: ep.error, failed: true }, 'ssh'), interrupted: false };
  }
  const stop = new AbortController();
  const bound = setTimeout(() => stop.abort('timeout'), ctx.boundMs);
  const onRunStop = () => stop.abort('interrupted');
  if (ctx.signal.aborted) onRunStop();
  ctx.signal.addEventListener('abort', onRunStop, { once: true });
  const action = ep.kind === 'local' ? 'local' : 'ssh';
  let client: Client | null = null;
  let reusable = false;
  try {
    let run: CollectorRun | null = null;
    if (ep.kind === 'local') {
      ctx.touched(host);
      run = await execLocal(collectorArgv(ctx.script, target, ctx.settings, { tag: ctx.tagOf(host), spool: false }), stop.signal, ctx.maxOutputBytes);
    } else {
      const command = withBecome(collectorCommand(ctx.script, target, ctx.settings, { tag: ctx.tagOf(host), spool: false }), ep);
      // A connection kept from the watch's or gate's last run, if it still carries a command.
      const kept = ctx.clients?.take(host) ?? null;
      if (kept) {
        ctx.touched(host);
        run = await runOnKept(kept, command, stop.signal, ctx.maxOutputBytes);
        if (run) client = kept;
      }
      if (!run) {
        try {
          client = await openSsh(ep, { keys: ctx.keys, timeoutMs: ctx.connectTimeoutMs, signal: stop.signal });
        } catch (err) {
          if (err instanceof Stopped) return stopped(host, stop.signal.reason, { stdout: '', stderr: '', rc: null, lost: null, stopped: true }, ctx, action);
          const msg = err instanceof Unreachable ? err.message : `ssh: ${(err as Error).message}`;
          const error = err instanceof Unreachable && err.hostKey ? msg : explainUnreachable(`Failed to connect to the host via ssh: ${msg}`);
          return { outcome: { host, status: 'unreachable', error, raw: null, warnings: [] }, event: resultEvent(host, 'runner_unreachable', { msg, unreachable: true }, action), interrupted: false };
        }
        ctx.touched(host);
        run = await execRemote(client, command, stop.signal, ctx.maxOutputBytes);
      }
    }
    // Only a connection that carried a whole command is kept for the next run.
    reusable = !run.stopped && !run.lost && !run.overLimit;
    if (run.stopped) return stopped(host, stop.signal.reason, run, ctx, action);
    if (run.overLimit) {
      // Too much output is the host's answer, not a lost connection: failed, and not worth a retry.
      const msg = outputOverLimit(ctx.maxOutputBytes);
      return { outcome: { host, status: 'failed', error: msg, raw: null, warnings: [], permanent: true }, event: resultEvent(host, 'runner_failed', { msg, failed: true, rc: run.rc ?? undefined }, action), interrupted: false };
    }
    if (run.lost && !/^@@fd done$/m.test(run.stdout)) {
      // As Ansible sees a connection that drops mid-command: the host became unreachable.
      const msg = `Failed to connect to the host via ssh: ${ep.kind === 'ssh' ? `connection to ${ep.address} port ${ep.port} lost during collection: ` : ''}${oneLine(run.lost)}`;
      return { outcome: { host, status: 'unreachable', error: explainUnreachable(msg), raw: null, warnings: [] }, event: resultEvent(host, 'runner_unreachable', { msg, unreachable: true, stdout: run.stdout }, action), interrupted: false };
    }
    const rc = run.rc ?? undefined;
    const res = { stdout: run.stdout, stderr: run.stderr, rc, msg: rc === 0 ? '' : rc === undefined ? 'no exit status' : 'non-zero return code' };
    const outcome = judgeCollectorResult(res, host, ctx.judge);
    return { outcome, event: resultEvent(host, rc === 0 ? 'runner_ok' : 'runner_failed', rc === 0 ? res : { ...res, failed: true }, action), interrupted: false };
  } finally {
    clearTimeout(bound);
    ctx.signal.removeEventListener('abort', onRunStop);
    if (client && reusable && ctx.clients) ctx.clients.give(host, client);
    else if (client) closeSoon(client);
  }
}

/** Stopped by the hard bound (a timeout, judged like Ansible's task timeout) or by the run's interrupt. */
function stopped(host: string, reason: unknown, run: CollectorRun, ctx: HostContext, action: string): HostRun {
  if (reason === 'timeout') {
    const boundS = Math.round(ctx.boundMs / 1000);
    const res = { stdout: run.stdout, stderr: run.stderr, msg: `timed out: no result within the host's bound of ${boundS}s (node budget ${ctx.settings.budgetS}s + 10s); connection closed`, failed: true };
    return { outcome: judgeCollectorResult(res, host, ctx.judge), event: resultEvent(host, 'runner_failed', res, action), interrupted: false };
  }
  // What streamed in before the stop is kept, as the Ansible path keeps what the node spooled.
  const raw = run.stdout ? readCollectorOutput(run.stdout) : null;
  const taken = raw?.samples.filter(hasGoroutines).length ?? 0;
  const error = taken > 0 ? `stopped after ${taken} of ${ctx.settings.samples} samples: the run was interrupted` : 'not collected: the run was interrupted';
  return { outcome: { host, status: 'failed', error, raw: taken > 0 ? raw : null, warnings: taken > 0 ? [...raw!.warnings] : [] }, event: null, interrupted: true };
}

/**
 * The collector over a connection kept from an earlier run, or null when that connection died in
 * between (it is dropped; the caller connects again): a dead one starts no command at all.
 */
async function runOnKept(kept: Client, command: string, signal: AbortSignal, maxOutput?: number): Promise<CollectorRun | null> {
  const run = await execRemote(kept, command, signal, maxOutput).catch(() => null);
  if (run && (run.stopped || run.stdout !== '' || run.rc !== null)) return run;
  kept.destroy();
  return null;
}

/** Ends a connection politely, and for sure a second later. */
function closeSoon(client: Client): void {
  client.end();
  setTimeout(() => client.destroy(), 1000).unref();
}
