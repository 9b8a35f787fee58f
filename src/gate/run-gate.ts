// gate: `count` fleet runs `interval` apart, each judged (decide.ts), stopping as soon as the
// outcome is known; audit records for the gate itself beside those runFleet writes per measurement.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { inventoryBounds, runFleet as realRunFleet, type RunHooks, type RunOptions } from '../pipeline/run.js';
import { ConnectionKeeper, keepIdleSeconds } from '../collect/connection-keeper.js';
import { InventoryCache } from '../inventory/cache.js';
import { resolveInventory } from '../inventory/resolve.js';
import { listHosts, readInventory } from '../inventory/read.js';
import type { ToolBounds } from '../inventory/ansible-cli.js';
import { appendAudit } from '../audit/log.js';
import { whoFields, whoRan } from '../audit/who.js';
import { UserError } from '../core/exit-codes.js';
import { GATE_EXIT } from '../core/exit-codes.js';
import { abandon, decide } from './decide.js';
import { failedObservation, observe, type Baseline } from './observe.js';
import { sleepUnlessAborted } from '../core/sleep.js';
import { utcStamp } from '../core/stamp.js';
import type { GateCriteria, GateOutcome, Observation, Phase } from './types.js';

export interface GateReport extends Omit<GateOutcome, 'phase' | 'terminal'> {
  kind: 'gate';
  id: string;
  phase: Phase;
  exitCode: number;
  startedAt: string;
  finishedAt: string;
  inventory: string;
  limit: string | null;
  hosts: string[];
  count: number;
  intervalSeconds: number;
  criteria: GateCriteria;
  baseline: { source: string; runId: string; hostsCollected: number } | null;
}

export interface GateOptions {
  run: Omit<RunOptions, 'signal' | 'out'>;
  criteria: GateCriteria;
  intervalMs: number;
  /** Measurement i is written to OUT/m<i> (OUT/<gate id>/m<i> with outPerGate); default: runFleet's runs/<stamp>-<id>. */
  out?: string;
  /** Each gate in its own OUT/<gate id>/ (gate --serve: a request never overwrites what an earlier one's audit points to). */
  outPerGate?: boolean;
  baseline: Baseline | null;
  signal: AbortSignal;
  log?: (line: string) => void;
  /** Passed to each runFleet (progress). */
  hooks?: RunHooks;
  /** Replaces the fleet run (tests). */
  runFleet?: typeof realRunFleet;
  /** Replaces the host listing (tests). */
  listTargets?: (inventory: string, limit?: string, bounds?: ToolBounds) => Promise<{ source: string; hosts: string[] }>;
}

/** The hosts a measurement will target: read once up front, so a bad inventory or --limit fails before anything runs. */
export async function listTargets(inventory: string, limit?: string, bounds: ToolBounds = {}): Promise<{ source: string; hosts: string[] }> {
  const source = resolveInventory(inventory);
  const hosts = limit ? await listHosts(source, limit, undefined, bounds) : [...(await readInventory(source, bounds)).hosts.keys()];
  if (hosts.length === 0) throw new UserError(limit ? `--limit ${limit} matched no hosts in ${source}` : `inventory ${source} has no hosts`);
  return { source, hosts };
}

function summaryLine(m: GateOutcome['measurements'][number], count: number): string {
  const where = m.runDir ? ` (${m.runDir})` : '';
  return `measurement ${m.index}/${count}: ${m.phase}: ${m.hostsMeasured}/${m.hostsTargeted} host(s) measured${where}`;
}

export async function runGate(o: GateOptions): Promise<GateReport> {
  const log = o.log ?? (() => {});
  const fleetRun = o.runFleet ?? realRunFleet;
  const startedAt = new Date().toISOString();
  const id = `gate-${utcStamp(new Date(startedAt))}-${randomBytes(3).toString('hex')}`;
  const { source, hosts } = await (o.listTargets ?? listTargets)(o.run.inventory, o.run.limit, inventoryBounds({ ...o.run, signal: o.signal }));
  const c = o.criteria;
  const who = whoRan();
  const outBase = o.out ? (o.outPerGate ? path.join(o.out, id) : o.out) : undefined;
  await appendAudit(o.run.auditLog, {
    type: 'start', runId: id, kind: 'gate', out: outBase ?? null, ...whoFields(who), command: o.run.command,
    inventory: source, limit: o.run.limit ?? null, hostsTargeted: hosts.length, hosts,
    count: c.count, intervalSeconds: o.intervalMs / 1000, criteria: c, baseline: o.baseline?.source ?? null,
  });

  const observations: Observation[] = [];
  let outcome = decide(observations, c);
  // One set of SSH connections for all measurements, closed when the gate is decided.
  const keeper = new ConnectionKeeper(keepIdleSeconds(o.intervalMs));
  // A static inventory is read once for all runs (again only if its files change).
  const inventoryCache = new InventoryCache();
  try {
    for (let i = 1; i <= c.count && !outcome.terminal; i++) {
      if (i > 1 && !(await sleepUnlessAborted(o.intervalMs, o.signal))) break;
      if (o.signal.aborted) break;
      const at = new Date().toISOString();
      log(`measurement ${i}/${c.count}: collecting`);
      try {
        const { report, runDir } = await fleetRun({
          ...o.run, ...o.hooks, signal: o.signal, out: outBase ? path.join(outBase, `m${i}`) : undefined, keeper, inventoryCache,
        });
        if (report.run.status === 'interrupted' || o.signal.aborted) break;
        observations.push(observe(i, report, runDir, o.baseline));
      } catch (err) {
        if (o.signal.aborted) break;
        observations.push(failedObservation(i, at, (err as Error).message));
      }
      outcome = decide(observations, c);
      const m = outcome.measurements[outcome.measurements.length - 1];
      log(summaryLine(m, c.count));
      for (const r of m.reasons) log(`  ${r}`);
    }
  } finally {
    await keeper.close();
  }
  if (!outcome.terminal) outcome = abandon(outcome, o.signal.aborted ? 'interrupted' : 'stopped');

  const phase = outcome.phase as Phase;
  const last = outcome.measurements.filter((m) => m.phase !== 'Error').at(-1);
  const result: GateReport = {
    kind: 'gate', id, phase, exitCode: GATE_EXIT[phase], message: outcome.message, reasons: outcome.reasons,
    startedAt, finishedAt: new Date().toISOString(), inventory: source, limit: o.run.limit ?? null, hosts,
    count: c.count, intervalSeconds: o.intervalMs / 1000, criteria: c,
    baseline: o.baseline ? { source: o.baseline.source, runId: o.baseline.runId, hostsCollected: o.baseline.hostsCollected } : null,
    tally: outcome.tally, measurements: outcome.measurements,
  };
  await appendAudit(o.run.auditLog, {
    type: 'end', runId: id, kind: 'gate', outcome: phase, exitCode: result.exitCode, message: result.message,
    reasons: result.reasons.slice(0, 20), measurements: outcome.measurements.map((m) => ({ index: m.index, runId: m.runId, phase: m.phase })),
    hostsTargeted: hosts.length, hostsOk: last?.hostsMeasured ?? 0, hostsFailed: hosts.length - (last?.hostsMeasured ?? 0),
  });
  return result;
}
