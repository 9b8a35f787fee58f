import { UserError } from '../core/exit-codes.js';
import { resolveInventory } from '../inventory/resolve.js';
import { readInventoryAndLimit, type InventoryCache } from '../inventory/cache.js';
import { targetFor } from '../plan/targets.js';
import { makePlan, type CollectSettings, type RunPlan } from '../plan/plan.js';
import { enforceAllowList, matchingHosts } from '../plan/allow.js';
import type { SerialStep } from '../plan/serial.js';
import type { HostVars } from '../inventory/read.js';
import { collectInPasses } from '../collect/passes.js';
import type { CollectHooks, Executor, ProgressEvent } from '../collect/executor.js';
import type { ConnectionKeeper } from '../collect/connection-keeper.js';
import { warmReportValidator } from '../report/validate.js';
import { assembleReport, type HostEntry } from '../report/assemble.js';
import { storeArtifacts } from '../collect/store.js';
import { writeReport } from './write-report.js';
import { appendAudit } from '../audit/log.js';
import type { RawSample } from '../collect/protocol.js';
import { whoFields, whoRan } from '../audit/who.js';
import { makeRunDir } from './run-dir.js';
import type { Report } from '../report/types.js';
import type { AnalysisOptions, Verdict } from '../analysis/types.js';
import type { HostPast } from '../analysis/index.js';
import { fullStacksSkipped } from './cost-notes.js';
import { mergeLooks, undecidedHosts } from './one-more-look.js';
import { buildHostReport } from '../report/build-host.js';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface RunOptions {
  inventory: string;
  /** Host globs a run may touch (comma-separated), or undefined for no allow-list. */
  allow?: string;
  maxConcurrent?: number;
  acceptNewHostKeys?: boolean;
  limit?: string;
  serial: SerialStep[];
  collect: CollectSettings;
  retries: number;
  forks?: number;
  maxFail: number;
  out?: string;
  auditLog: string;
  command: string;
  signal: AbortSignal;
  /** A second interrupt: kill the tools now, skip the node cleanup, write the partial report. */
  hurry?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
  onPass?: (pass: number, hosts: string[]) => void;
  onStage?: (stage: string) => void;
  /** Where to copy Ansible's own human output (--verbose), if anywhere. */
  echoAnsible?: (chunk: string | Uint8Array) => void;
  /** How hosts are reached: generated playbooks (default) or direct SSH. */
  executor?: 'ansible' | 'ssh';
  /** Thresholds the analysis judges with (host totals, GC pauses). */
  analysis?: AnalysisOptions;
  /** run --attach: hosts (globs) whose service Delve may attach to when pprof does not answer, and the share of the fleet collected at once while it may. */
  attach?: { hosts: string; maxShare: number };
  /** Connections kept across runs (watch, gate); the caller closes it. */
  keeper?: ConnectionKeeper;
  /** Inventory reads kept across runs (watch, gate): a static source is read again only when its files change. */
  inventoryCache?: InventoryCache;
  /** Longest wait for the inventory (a dynamic one can hang); default 2 minutes. */
  inventoryTimeoutMs?: number;
  /** Extra looks (passes of the planned samples) at hosts left undecided; 0 or absent: none. */
  extraLooks?: number;
  /** Reads what earlier runs saw of these hosts (sites are judged over that span too); absent: judged alone. */
  history?: ReadPast;
}

export const DEFAULT_INVENTORY_TIMEOUT_MS = 120_000;

/** How long reading the inventory may take, and the signal that stops it. */
export function inventoryBounds(o: { signal?: AbortSignal; inventoryTimeoutMs?: number }) {
  return { signal: o.signal, timeoutMs: o.inventoryTimeoutMs ?? DEFAULT_INVENTORY_TIMEOUT_MS, timeoutHint: '--inventory-timeout' };
}

/** Earlier runs of the hosts, by host then group id, and one note per thing skipped or read. */
export type ReadPast = (scope: { runId: string; startedAt: string; hosts: string[]; runDir: string }) => Promise<{ past: Map<string, HostPast>; notes: string[] }>;

type MakeExecutor = (plan: RunPlan, dir: string, hosts: Map<string, HostVars>, hooks: CollectHooks) => Promise<Executor>;

/**
 * Only the executor the run uses is loaded (Ansible's brings yaml and execa, ssh's ssh2), and
 * while the inventory is read: a cold run's start waits for neither.
 */
async function loadExecutor(kind: RunOptions['executor'], source: string): Promise<MakeExecutor> {
  if (kind === 'ssh') {
    const { sshExecutor } = await import('../executors/ssh/execute.js');
    return (plan, dir, hosts, hooks) => sshExecutor(plan, dir, hosts, hooks);
  }
  const { ansibleExecutor } = await import('../executors/ansible/execute.js');
  return (plan, dir, _hosts, hooks) => ansibleExecutor(plan, dir, source, hooks);
}

/** What a run tells as it goes: its stages, each pass and each host's progress. */
export type RunHooks = Pick<RunOptions, 'onProgress' | 'onPass' | 'onStage' | 'echoAnsible' | 'hurry'>;

/** inventory ─► plan ─► playbook ─► events ─► raw samples ─► profiles ─► analysis ─► report (+ audit). */
export async function runFleet(o: RunOptions): Promise<{ report: Report; runDir: string }> {
  const startedAt = new Date().toISOString();
  const source = resolveInventory(o.inventory);
  o.onStage?.(`reading inventory ${source}`);
  const bounds = inventoryBounds(o);
  const loadingExecutor = loadExecutor(o.executor, source);
  loadingExecutor.catch(() => {}); // awaited once the plan is made
  const { inv, limited } = await (o.inventoryCache ? o.inventoryCache.read(source, o.limit, bounds) : readInventoryAndLimit(source, o.limit, bounds));
  let version: string | null = null;
  const names = limited ?? [...inv.hosts.keys()];
  if (names.length === 0) throw new UserError(o.limit ? `--limit ${o.limit} matched no hosts in ${source}` : `inventory ${source} has no hosts`);
  enforceAllowList(names, o.allow);
  const attachable = o.attach ? matchingHosts(names, o.attach.hosts) : new Set<string>();
  const targets = names.map((h) => ({ ...targetFor(h, inv.hosts.get(h) ?? {}), ...(attachable.has(h) ? { attach: true } : {}) }));
  // Attaching stops a service while Delve reads it: fewer hosts at once when any may be attached.
  const maxConcurrent = attachable.size > 0 ? Math.min(o.maxConcurrent ?? 1, o.attach!.maxShare) : o.maxConcurrent;
  const { id, dir } = await makeRunDir(o.out);
  const plan = makePlan({ runId: id, targets, serial: o.serial, forks: o.forks, retries: o.retries, maxFail: o.maxFail, maxConcurrent, collect: o.collect });

  const who = whoRan();
  await appendAudit(o.auditLog, {
    type: 'start', runId: id, ...whoFields(who), command: o.command,
    inventory: source, limit: o.limit ?? null, hostsTargeted: targets.length,
    hosts: names, runDir: dir,
  });

  let interrupted = false;
  let stoppedEarly: string | null = null;
  let passes = 0;
  let ended = false;
  const outcomes = new Map<string, HostEntry['outcome']>();
  const lookNotes: string[] = [];
  try {
    o.onStage?.(`collecting from ${plan.batches.flat().length} hosts in ${plan.batches.length} batch(es), ${o.collect.samples} sample(s)`);
    if (plan.batches.length > 0) {
      const hooks: CollectHooks = { signal: o.signal, hurry: o.hurry, onProgress: o.onProgress, onPass: o.onPass, echo: o.echoAnsible, acceptNewHostKeys: o.acceptNewHostKeys, keeper: o.keeper };
      // Compile the report schema while the nodes work, not after (~90 ms of CPU); a failure shows when the report is written.
      setTimeout(() => void warmReportValidator().catch(() => {}), 100).unref();
      const makeExecutor = await loadingExecutor;
      const executor = await makeExecutor(plan, dir, inv.hosts, hooks);
      const r = await collectInPasses(executor, plan, hooks);
      interrupted = r.interrupted;
      stoppedEarly = r.stoppedEarly;
      passes = r.passes;
      version = r.toolVersion;
      for (const [h, oc] of r.outcomes) outcomes.set(h, oc);
      for (let look = 1; look <= (o.extraLooks ?? 0) && !interrupted && !o.signal.aborted; look++) {
        const undecided = undecidedHosts(targets.filter((t) => outcomes.has(t.host)).map((t) => buildHostReport(outcomes.get(t.host)!, t.pprofUrl, {})));
        if (undecided.length === 0) break;
        o.onStage?.(`one more look at ${undecided.length} undecided host(s): ${undecided.slice(0, 5).join(', ')}${undecided.length > 5 ? ', …' : ''}`);
        const lookDir = path.join(dir, `look-${look}`);
        await fs.mkdir(path.join(lookDir, 'hosts'), { recursive: true });
        const lookPlan = makePlan({ runId: `${id}-look${look}`, targets: targets.filter((t) => undecided.includes(t.host)), serial: [], forks: o.forks, retries: 0, maxFail: 1, maxConcurrent: o.maxConcurrent, collect: { ...o.collect, captures: [] } });
        const lookExecutor = await makeExecutor(lookPlan, lookDir, inv.hosts, hooks);
        const more = await collectInPasses(lookExecutor, lookPlan, hooks);
        interrupted = more.interrupted;
        for (const h of undecided) outcomes.set(h, mergeLooks(outcomes.get(h)!, more.outcomes.get(h), look));
        lookNotes.push(`one more look (${look}): ${undecided.length} host(s) whose suspect site was still undecided sampled again: ${undecided.slice(0, 5).join(', ')}${undecided.length > 5 ? ', …' : ''}`);
      }
    }

    o.onStage?.('analyzing');
    const entries: HostEntry[] = targets.map((t) => ({
      pprofUrl: t.pprofUrl,
      outcome: outcomes.get(t.host) ?? {
        host: t.host, status: 'failed' as const, raw: null, warnings: [], attempts: 0,
        error: t.configError ?? (interrupted ? 'not collected: the run was interrupted' : stoppedEarly ? `not collected: ${stoppedEarly}` : 'not collected'),
      },
    }));
    const notes: string[] = [];
    if (stoppedEarly) notes.push(stoppedEarly);
    notes.push(...lookNotes);
    if (!o.collect.fullStacks) notes.push(`debug=2 stacks are taken on the first and the last sample only, and only up to ${o.collect.debug2Cap} goroutines (use --full-stacks to lift the cap)`);
    const skipped = fullStacksSkipped(entries.map((e) => e.outcome), o.collect.samples);
    if (skipped) notes.push(skipped);
    await storeArtifacts(dir, entries.map((e) => e.outcome));
    let past: Map<string, HostPast> | undefined;
    if (o.history) {
      o.onStage?.('reading earlier runs');
      const read = await o.history({ runId: id, startedAt, hosts: names, runDir: dir });
      past = read.past;
      notes.push(...read.notes);
    }
    const report = await assembleReport(entries, {
      id, startedAt, command: o.command, inventory: source, limit: o.limit ?? null, executor: o.executor ?? 'ansible', ansibleVersion: version,
      samples: o.collect.samples, intervalSeconds: o.collect.intervalMs / 1000, timeoutSeconds: o.collect.timeoutMs / 1000,
      serial: o.serial.map((s) => s), debug2Cap: o.collect.fullStacks ? null : o.collect.debug2Cap, passes, notes,
    }, { interrupted, analysis: o.analysis, past });
    const reportFile = await writeReport(dir, report);
    await auditAttaches(o.auditLog, id, entries.map((e) => e.outcome));
    const { hosts } = report;
    const { status, hostsOk } = report.run;
    const verdicts: Record<Verdict, number> = { healthy: 0, suspect: 0, leaking: 0, unknown: 0 };
    for (const h of hosts) verdicts[h.verdict]++;
    ended = true;
    await appendAudit(o.auditLog, {
      type: 'end', runId: id, outcome: status, ansibleVersion: version, hostsTargeted: targets.length, hostsOk, hostsFailed: targets.length - hostsOk,
      failedHosts: hosts.filter((h) => h.status !== 'ok').map((h) => ({ host: h.host, status: h.status })),
      verdicts, report: reportFile,
    });
    return { report, runDir: dir };
  } catch (err) {
    // Whatever failed, collecting or building the report, the run's start record gets its end.
    if (!ended) {
      const hostsOk = [...outcomes.values()].filter((h) => h.status === 'ok').length;
      await appendAudit(o.auditLog, {
        type: 'end', runId: id, outcome: interrupted || o.signal.aborted ? 'interrupted' : 'failed', error: (err as Error)?.message ?? String(err),
        ansibleVersion: version, hostsTargeted: targets.length, hostsOk, hostsFailed: targets.length - hostsOk,
      }).catch(() => {});
    }
    throw err;
  }
}

/** One audit record per Delve attach: which host and process, how long it was stopped, whether it still runs. */
async function auditAttaches(file: string, runId: string, outcomes: { host: string; raw: { samples: RawSample[] } | null }[]): Promise<void> {
  for (const o of outcomes) {
    for (const s of o.raw?.samples ?? []) {
      if (!s.attach) continue;
      await appendAudit(file, { type: 'attach', runId, host: o.host, sample: s.index, pid: s.attach.pid, pauseMs: s.attach.pauseMs, alive: s.attach.alive, delveExit: s.attach.rc });
    }
  }
}
