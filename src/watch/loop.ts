// watch: a fleet run every DUR; each run appends the CSV series, rewrites the Prometheus textfile,
// raises or clears alerts (once per host and site until it changes) and prunes old snapshots.
// Nothing but a usage error on the first run stops it: alert delivery and later run failures are logged.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { runFleet as realRunFleet, type RunHooks, type RunOptions } from '../pipeline/run.js';
import { ConnectionKeeper, keepIdleSeconds } from '../collect/connection-keeper.js';
import { InventoryCache } from '../inventory/cache.js';
import { appendAudit } from '../audit/log.js';
import { whoFields, whoRan } from '../audit/who.js';
import { UserError, EXIT } from '../core/exit-codes.js';
import { exitCodeFor } from '../pipeline/outcome.js';
import type { Report } from '../report/types.js';
import { channelSecrets, deliverAll, type Channel, type DeliveryOptions } from '../alert/deliver.js';
import { evaluateAlerts } from '../alert/rules.js';
import { loadAlertState, saveAlertState } from '../alert/state.js';
import { redactText } from '../alert/redact.js';
import type { AlertRules, AlertState } from '../alert/types.js';
import { listTargets } from '../gate/run-gate.js';
import { sleepUnlessAborted } from '../core/sleep.js';
import { utcStamp } from '../core/stamp.js';
import { appendCsv, errorRows, reportRows } from './csv.js';
import { promFailureText, promText, writeProm } from './prom.js';
import { markSnapshot, pruneSnapshots, watchIdentity } from './retention.js';

export interface WatchOptions {
  run: Omit<RunOptions, 'signal' | 'out'>;
  everyMs: number;
  /** null: until stopped. */
  iterations: number | null;
  /** Snapshot run directories go here, one per iteration. */
  snapshots: string;
  /** Delete snapshots older than this; null keeps them all. */
  retainMs: number | null;
  csv: string | null;
  prom: string | null;
  channels: Channel[];
  rules: AlertRules;
  alertState: string;
  delivery: Omit<DeliveryOptions, 'log'>;
  signal: AbortSignal;
  log?: (line: string) => void;
  hooks?: RunHooks;
  /** Replace the fleet run and host listing (tests). */
  runFleet?: typeof realRunFleet;
  listTargets?: typeof listTargets;
}

export interface WatchSummary {
  session: string;
  iterations: number;
  interrupted: boolean;
  lastReport: Report | null;
  runDirs: string[];
  alertsSent: number;
  deliveriesFailed: number;
  pruned: string[];
  exitCode: number;
}

export async function runWatch(o: WatchOptions): Promise<WatchSummary> {
  const log = o.log ?? (() => {});
  const fleetRun = o.runFleet ?? realRunFleet;
  const session = `watch-${utcStamp()}-${randomBytes(3).toString('hex')}`;
  const secrets = o.channels.flatMap(channelSecrets);
  const { source, hosts } = await (o.listTargets ?? listTargets)(o.run.inventory, o.run.limit);
  const watchId = watchIdentity(source, o.run.limit);
  if (o.csv) await appendCsv(o.csv, []); // a file with other columns is refused before anything runs
  let state: AlertState = await loadAlertState(o.alertState, log);
  const who = whoRan();
  await appendAudit(o.run.auditLog, {
    type: 'start', runId: session, kind: 'watch', ...whoFields(who), command: o.run.command,
    inventory: source, limit: o.run.limit ?? null, hostsTargeted: hosts.length, hosts,
    everySeconds: o.everyMs / 1000, iterations: o.iterations, channels: o.channels.map((c) => c.kind),
  });

  const summary: WatchSummary = { session, iterations: 0, interrupted: false, lastReport: null, runDirs: [], alertsSent: 0, deliveriesFailed: 0, pruned: [], exitCode: EXIT.ok };
  let known = hosts;
  let lastError: string | null = null;
  // One set of SSH connections for the whole watch: iterations after the first log in no more.
  const keeper = new ConnectionKeeper(keepIdleSeconds(o.everyMs));
  // A static inventory is read once for all runs (again only if its files change).
  const inventoryCache = new InventoryCache();
  try {
    for (let i = 1; o.iterations === null || i <= o.iterations; i++) {
      const started = Date.now();
      const stamp = utcStamp(new Date(started));
      const out = path.join(o.snapshots, existsSync(path.join(o.snapshots, stamp)) ? `${stamp}-${i}` : stamp);
      summary.iterations = i;
      try {
        const { report, runDir } = await fleetRun({ ...o.run, ...o.hooks, signal: o.signal, out, keeper, inventoryCache });
        if (report.run.status === 'interrupted' || o.signal.aborted) {
          summary.interrupted = true;
          break;
        }
        lastError = null;
        summary.lastReport = report;
        summary.runDirs.push(runDir);
        await markSnapshot(runDir, session, watchId);
        known = report.hosts.map((h) => h.host);
        if (o.csv) await appendCsv(o.csv, reportRows(report));
        if (o.prom) await writeProm(o.prom, promText(report));

        const { events, next } = evaluateAlerts(state, report, o.rules);
        let alertNote = '';
        if (events.length > 0) {
          const firing = events.filter((e) => e.status === 'firing').length;
          alertNote = `; alerts: ${firing} firing, ${events.length - firing} resolved`;
          for (const e of events) log(`alert ${e.status}: ${e.title}`);
          const results = await deliverAll(o.channels, events, { runId: report.run.id, runDir, at: report.run.finishedAt, inventory: source }, { ...o.delivery, log });
          summary.deliveriesFailed += results.filter((r) => !r.ok).length;
          if (o.channels.length === 0 || results.some((r) => r.ok)) {
            state = next;
            summary.alertsSent += o.channels.length > 0 ? events.length : 0;
            await saveAlertState(o.alertState, state).catch((err: Error) => log(`alert: cannot save ${o.alertState}: ${err.message}`));
          } else {
            alertNote += ' (not delivered: sent again after the next run)';
          }
        }
        const ok = report.hosts.filter((h) => h.status === 'ok');
        const leaking = ok.filter((h) => h.verdict === 'leaking').length;
        const suspect = ok.filter((h) => h.verdict === 'suspect').length;
        log(`iteration ${i}: ${report.run.status}, ${ok.length}/${report.hosts.length} host(s) collected, ${leaking} leaking, ${suspect} suspect${alertNote} (${runDir})`);
      } catch (err) {
        if (o.signal.aborted) {
          summary.interrupted = true;
          break;
        }
        // A usage error on the first run (bad flags, inventory, --limit) is the user's to fix now.
        if (i === 1 && err instanceof UserError) throw err;
        await markSnapshot(out, session, watchId).catch(() => {}); // a run that failed half way may have left its directory
        lastError = redactText((err as Error).message, secrets);
        log(`iteration ${i}: the run failed: ${lastError}`);
        const now = new Date();
        if (o.csv) await appendCsv(o.csv, errorRows(known, now.toISOString(), `run failed: ${lastError}`)).catch((e: Error) => log(`csv: ${e.message}`));
        if (o.prom) await writeProm(o.prom, promFailureText(known, now)).catch((e: Error) => log(`prom: ${e.message}`));
      }
      if (o.retainMs !== null) {
        const removed = await pruneSnapshots(o.snapshots, o.retainMs, watchId, new Date(), summary.runDirs.slice(-1));
        if (removed.length > 0) log(`retention: removed ${removed.length} snapshot(s) older than the window`);
        summary.pruned.push(...removed);
      }
      if (o.iterations !== null && i >= o.iterations) break;
      const wait = started + o.everyMs - Date.now();
      if (wait < 0) log(`iteration ${i} took ${Math.round((Date.now() - started) / 1000)}s, longer than --every: starting the next one now`);
      if (!(await sleepUnlessAborted(wait, o.signal))) {
        summary.interrupted = true;
        break;
      }
    }
  } finally {
    await keeper.close();
    const last = summary.lastReport;
    await appendAudit(o.run.auditLog, {
      type: 'end', runId: session, kind: 'watch',
      outcome: summary.interrupted ? 'interrupted' : lastError !== null ? 'failed' : last ? last.run.status : 'failed',
      iterations: summary.iterations, runs: summary.runDirs.length, alertsSent: summary.alertsSent, deliveriesFailed: summary.deliveriesFailed,
      hostsTargeted: last?.run.hostsTargeted ?? hosts.length, hostsOk: last?.run.hostsOk ?? 0, hostsFailed: last ? last.run.hostsFailed : hosts.length,
    });
  }
  summary.exitCode = summary.interrupted ? EXIT.interrupted : lastError !== null || !summary.lastReport ? EXIT.incomplete : exitCodeFor(summary.lastReport, null);
  return summary;
}
