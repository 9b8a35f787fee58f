import path from 'node:path';
import pLimit from 'p-limit';
import type { CollectHooks, Executor, PassRequest, PassResult } from '../../collect/executor.js';
import type { HostOutcome } from '../../collect/host-outcome.js';
import type { RunPlan } from '../../plan/plan.js';
import type { HostTarget } from '../../plan/targets.js';
import { collectorSettings, collectorTag, loadCollectorScript, loadStopScript, stopCommand } from '../../collect/collector-command.js';
import { collectHost, type HostContext, type HostRun } from './collect-host.js';
import { ClientPool } from './client-pool.js';
import { openSsh } from './connect.js';
import { endpointFor, type Endpoint } from './endpoint.js';
import { EventLog } from './event-log.js';
import { HostKeyStore } from './host-keys.js';
import { execRemote } from './run-collector.js';
import { withBecome } from './become.js';

/**
 * The `ssh` executor: the same collector, batches, retries and fleet-level threshold as the
 * Ansible one (collect/passes.ts drives both), over direct SSH connections (ssh2) instead of a
 * generated playbook. It hands on the same per-host outcomes, and writes the same events.jsonl.
 */
export async function sshExecutor(plan: RunPlan, runDir: string, inventoryHosts: Map<string, Record<string, unknown>>, hooks: CollectHooks): Promise<Executor> {
  const script = await loadCollectorScript();
  const settings = collectorSettings(plan.collect);
  const targets = new Map(plan.targets.map((t) => [t.host, t]));
  const endpoints = new Map<string, Endpoint>();
  for (const h of plan.batches.flat()) endpoints.set(h, endpointFor(h, inventoryHosts.get(h) ?? {}));
  const judge = { urlOf: (h: string) => targets.get(h)?.pprofUrl ?? '', timeoutS: settings.timeoutS };
  const log = new EventLog(path.join(runDir, 'events.jsonl'), hooks.onProgress, judge);
  const keys = new HostKeyStore(Boolean(hooks.acceptNewHostKeys));
  const touched = new Set<string>();
  // A watch or gate keeps the open connections for its next run (closed when it ends).
  const clients = hooks.keeper
    ? await hooks.keeper.keep('ssh-clients', async (onClose) => {
      const pool = new ClientPool();
      onClose(() => pool.closeAll());
      return pool;
    })
    : undefined;
  const ctx: HostContext = {
    clients,
    script,
    settings,
    keys,
    judge,
    // As the Ansible path's ansible.cfg `timeout`.
    connectTimeoutMs: Math.max(5, Math.min(30, settings.timeoutS)) * 1000,
    boundMs: (settings.budgetS + 10) * 1000,
    signal: hooks.signal,
    touched: (h) => touched.add(h),
    tagOf: (h) => collectorTag(plan.runId, h),
  };
  return {
    toolVersion: null,
    async runPass(req: PassRequest): Promise<PassResult> {
      const r = await runPass({ req, ctx, endpoints, targets, log, forks: plan.forks });
      const interrupted = r.interrupted || hooks.signal.aborted;
      // Only hosts whose collector was cut off may still run one.
      if (interrupted) await stopRemoteCollectors([...touched].filter((h) => r.runs.get(h)?.interrupted).map((h) => endpoints.get(h)!), ctx, plan.forks);
      touched.clear();
      const outcomes = new Map<string, HostOutcome>();
      const cutOff = new Set<string>();
      for (const h of req.hosts) {
        const run = r.runs.get(h);
        if (run) outcomes.set(h, run.outcome);
        if (!run || run.interrupted) cutOff.add(h);
      }
      return { outcomes, cutOff, interrupted, stoppedEarly: r.stoppedEarly };
    },
    close: async () => {},
  };
}

/** One pass: batches one after another, the hosts of a batch concurrently (at most `forks`). */
async function runPass(a: {
  req: PassRequest;
  ctx: HostContext;
  endpoints: Map<string, Endpoint>;
  targets: Map<string, HostTarget>;
  log: EventLog;
  forks: number;
}): Promise<{ runs: Map<string, HostRun>; interrupted: boolean; stoppedEarly: string | null }> {
  const runs = new Map<string, HostRun>();
  const failed = new Set<string>();
  const limit = pLimit(Math.max(1, a.forks));
  const signal = a.ctx.signal;
  let stoppedEarly: string | null = null;
  a.log.emit({ event: 'playbook_start', ansible_version: null });
  for (const [i, batch] of a.req.batches.entries()) {
    if (signal.aborted) break;
    // Checked between batches, as the Ansible path does at each batch's play_start.
    if (i > 0 && (stoppedEarly = a.req.stopAfterBatch(failed.size))) break;
    a.log.emit({ event: 'play_start', name: 'fleet-diag collect' });
    await Promise.all(
      batch.map((host) =>
        limit(async () => {
          if (signal.aborted) return;
          a.log.emit({ event: 'runner_start', host, task: 'fleet-diag snapshot' });
          const run = await collectHost(a.endpoints.get(host)!, a.targets.get(host)!, a.ctx);
          runs.set(host, run);
          if (run.event) a.log.emit(run.event);
          // As the report judges it: a collector that found no pprof failed the host too.
          if (run.outcome.status !== 'ok') failed.add(host);
        }),
      ),
    );
  }
  const summary: Record<string, Record<string, number>> = {};
  for (const [h, r] of runs) {
    if (!r.event) continue;
    summary[h] = { ok: r.event.event === 'runner_ok' ? 1 : 0, failures: r.event.event === 'runner_failed' ? 1 : 0, unreachable: r.event.event === 'runner_unreachable' ? 1 : 0 };
  }
  if (!signal.aborted) a.log.emit({ event: 'stats', hosts: summary }, { fileOnly: true });
  return { runs, interrupted: signal.aborted, stoppedEarly };
}

/**
 * After an interrupt the connections are closed, but a collector already started runs on until
 * its node-side `timeout`: end it over a fresh connection, best effort, within 5 s in all. Only
 * this run's collector (files/stop.sh with its tag): another run's on the same host runs on.
 * (Local collectors were stopped with their `timeout` process, which signals its whole group.)
 */
async function stopRemoteCollectors(touched: Endpoint[], ctx: HostContext, forks: number): Promise<void> {
  const remote = touched.filter((e): e is Extract<Endpoint, { kind: 'ssh' }> => e.kind === 'ssh');
  if (remote.length === 0) return;
  const stopScript = await loadStopScript();
  const signal = AbortSignal.timeout(5000);
  const limit = pLimit(Math.max(1, forks));
  await Promise.all(
    remote.map((ep) =>
      limit(async () => {
        if (signal.aborted) return;
        try {
          const client = await openSsh(ep, { keys: ctx.keys, timeoutMs: 5000, signal });
          await execRemote(client, withBecome(stopCommand(stopScript, ctx.tagOf(ep.host)), ep), signal);
          client.end();
          client.destroy();
        } catch {
          /* best effort: the node-side timeout still bounds the collector */
        }
      }),
    ),
  );
}
