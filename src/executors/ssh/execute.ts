import path from 'node:path';
import pLimit from 'p-limit';
import type { CollectHooks, CollectResult } from '../ansible/execute.js';
import type { HostOutcome } from '../ansible/judge.js';
import type { RunPlan } from '../../plan/plan.js';
import type { HostTarget } from '../../plan/targets.js';
import { batchSizes } from '../../plan/serial.js';
import { collectorSettings, loadCollectorScript, STOP_COLLECTORS } from '../../collect/collector-command.js';
import { collectHost, type HostContext, type HostRun } from './collect-host.js';
import { openSsh } from './connect.js';
import { endpointFor, type Endpoint } from './endpoint.js';
import { EventLog } from './event-log.js';
import { HostKeyStore } from './host-keys.js';
import { execRemote } from './run-collector.js';

type Outcome = HostOutcome & { attempts: number };

/**
 * The `ssh` executor: the same collector, the same batches, retries and fleet-level threshold as
 * collectWithAnsible, over direct SSH connections (ssh2) instead of a generated playbook. It
 * hands on the same per-host outcomes, and writes the same events.jsonl shape.
 */
export async function collectWithSsh(plan: RunPlan, runDir: string, inventoryHosts: Map<string, Record<string, unknown>>, hooks: CollectHooks): Promise<CollectResult> {
  const script = await loadCollectorScript();
  const settings = collectorSettings(plan.collect);
  const targets = new Map(plan.targets.map((t) => [t.host, t]));
  const endpoints = new Map<string, Endpoint>();
  for (const h of plan.batches.flat()) endpoints.set(h, endpointFor(h, inventoryHosts.get(h) ?? {}));
  const log = new EventLog(path.join(runDir, 'events.jsonl'), hooks.onEvent);
  const keys = new HostKeyStore(Boolean(hooks.acceptNewHostKeys));
  const touched = new Set<string>();
  const ctx: HostContext = {
    script,
    settings,
    keys,
    judge: { urlOf: (h) => targets.get(h)?.pprofUrl ?? '', timeoutS: settings.timeoutS },
    // As the Ansible path's ansible.cfg `timeout`.
    connectTimeoutMs: Math.max(5, Math.min(30, settings.timeoutS)) * 1000,
    boundMs: (settings.budgetS + 10) * 1000,
    signal: hooks.signal,
    touched: (h) => touched.add(h),
  };

  const hosts = plan.batches.flat();
  const outcomes = new Map<string, Outcome>();
  let pending = hosts;
  let interrupted = false;
  let stoppedEarly: string | null = null;
  let pass = 0;
  while (pending.length > 0 && !interrupted && !stoppedEarly) {
    pass++;
    if (pass > 1 && (await sleepOrAbort(Math.min(30_000, 1000 * 2 ** (pass - 2)), hooks.signal))) {
      interrupted = true;
      break;
    }
    hooks.onPass?.(pass, pending);
    // A retry pass batches the hosts it revisits with the planned sizes, as Ansible's serial does.
    const batches = pass === 1 ? plan.batches : split(pending, plan.serial.length > 0 ? batchSizes(plan.serial, pending.length) : [pending.length]);
    const r = await runPass({
      batches, pass, ctx, endpoints, targets, log, forks: plan.forks,
      // The fleet-level threshold guards the first pass; retry passes only revisit failed hosts.
      maxFailHosts: pass === 1 ? Math.floor(plan.maxFail * plan.targets.length) : Infinity,
      maxFailText: `more than --max-fail ${Math.round(plan.maxFail * 100)}% of ${plan.targets.length}`,
    });
    interrupted = r.interrupted || hooks.signal.aborted;
    stoppedEarly = r.stoppedEarly;
    // Only hosts whose collector was cut off may still run one.
    if (interrupted) await stopRemoteCollectors([...touched].filter((h) => r.runs.get(h)?.interrupted).map((h) => endpoints.get(h)!), ctx, plan.forks);
    touched.clear();
    for (const h of pending) {
      const run = r.runs.get(h);
      const prev = outcomes.get(h);
      const attempts = (prev?.attempts ?? 0) + 1;
      if (!run || run.interrupted) {
        // A pass that never reached the host must not erase what an earlier one learned.
        if (prev && (prev.raw || !run?.outcome.raw)) continue;
        const why = interrupted ? 'not collected: the run was interrupted' : `not collected: ${stoppedEarly ?? 'the run ended before this host'}`;
        outcomes.set(h, run ? { ...run.outcome, attempts } : { host: h, status: 'failed', error: why, raw: null, warnings: [], attempts });
        continue;
      }
      outcomes.set(h, { ...run.outcome, attempts });
    }
    if (pass > plan.retries) break;
    pending = pending.filter((h) => outcomes.get(h)?.status !== 'ok');
  }
  return { outcomes, interrupted, stoppedEarly, passes: pass, ansibleVersion: null };
}

function split(hosts: string[], sizes: number[]): string[][] {
  const out: string[][] = [];
  let at = 0;
  for (const s of sizes) {
    out.push(hosts.slice(at, at + s));
    at += s;
  }
  return out;
}

/** One pass: batches one after another, the hosts of a batch concurrently (at most `forks`). */
async function runPass(a: {
  batches: string[][];
  pass: number;
  ctx: HostContext;
  endpoints: Map<string, Endpoint>;
  targets: Map<string, HostTarget>;
  log: EventLog;
  forks: number;
  maxFailHosts: number;
  maxFailText: string;
}): Promise<{ runs: Map<string, HostRun>; interrupted: boolean; stoppedEarly: string | null }> {
  const runs = new Map<string, HostRun>();
  const failed = new Set<string>();
  const limit = pLimit(Math.max(1, a.forks));
  const signal = a.ctx.signal;
  let stoppedEarly: string | null = null;
  a.log.emit({ event: 'playbook_start', ansible_version: null }, a.pass);
  for (const [i, batch] of a.batches.entries()) {
    if (signal.aborted) break;
    // Checked between batches, as the Ansible path does at each batch's play_start.
    if (i > 0 && failed.size > a.maxFailHosts) {
      stoppedEarly = `run stopped after ${failed.size} hosts failed (${a.maxFailText})`;
      break;
    }
    a.log.emit({ event: 'play_start', name: 'fleet-diag collect' }, a.pass);
    await Promise.all(
      batch.map((host) =>
        limit(async () => {
          if (signal.aborted) return;
          a.log.emit({ event: 'runner_start', host, task: 'fleet-diag snapshot' }, a.pass);
          const run = await collectHost(a.endpoints.get(host)!, a.targets.get(host)!, a.ctx);
          runs.set(host, run);
          if (run.event) a.log.emit(run.event, a.pass);
          if (run.event?.event === 'runner_failed' || run.event?.event === 'runner_unreachable') failed.add(host);
        }),
      ),
    );
  }
  const summary: Record<string, Record<string, number>> = {};
  for (const [h, r] of runs) {
    if (!r.event) continue;
    summary[h] = { ok: r.event.event === 'runner_ok' ? 1 : 0, failures: r.event.event === 'runner_failed' ? 1 : 0, unreachable: r.event.event === 'runner_unreachable' ? 1 : 0 };
  }
  if (!signal.aborted) a.log.emit({ event: 'stats', hosts: summary }, a.pass, { fileOnly: true });
  return { runs, interrupted: signal.aborted, stoppedEarly };
}

/**
 * After an interrupt the connections are closed, but a collector already started runs on until
 * its node-side `timeout`: end it over a fresh connection, best effort, within 5 s in all.
 * (Local collectors were stopped with their `timeout` process, which signals its whole group.)
 */
async function stopRemoteCollectors(touched: Endpoint[], ctx: HostContext, forks: number): Promise<void> {
  const remote = touched.filter((e): e is Extract<Endpoint, { kind: 'ssh' }> => e.kind === 'ssh');
  if (remote.length === 0) return;
  const signal = AbortSignal.timeout(5000);
  const limit = pLimit(Math.max(1, forks));
  await Promise.all(
    remote.map((ep) =>
      limit(async () => {
        if (signal.aborted) return;
        try {
          const client = await openSsh(ep, { keys: ctx.keys, timeoutMs: 5000, signal });
          await execRemote(client, STOP_COLLECTORS, signal);
          client.end();
          client.destroy();
        } catch {
          /* best effort: the node-side timeout still bounds the collector */
        }
      }),
    ),
  );
}

function sleepOrAbort(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(true);
    const onAbort = () => {
      clearTimeout(t);
      resolve(true);
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(false);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
