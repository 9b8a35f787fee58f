// The collection flags gate and watch share with `run`, turned into runFleet's options.
import { parseSerial } from '../plan/serial.js';
import type { RunOptions } from '../pipeline/run.js';
import { parseDuration, parsePositiveInt } from '../core/duration.js';
import { UserError } from '../core/exit-codes.js';

export interface CollectFlags {
  inventory: string;
  limit?: string;
  serial?: string;
  samples: string;
  timeout: string;
  retries: string;
  forks?: string;
  maxFail: string;
  maxConcurrent: string;
  allow?: string;
  executor: string;
  fullStacks?: boolean;
  auditLog: string;
  verbose?: boolean;
}

/** `20%` or `20` (percent) to a share, e.g. 0.2; above 100% is allowed unless `max` says otherwise. */
export function parsePercent(text: string, flag: string, max = Infinity): number {
  const m = /^(\d+(?:\.\d+)?)%?$/.exec(String(text).trim());
  const v = m ? Number(m[1]) / 100 : NaN;
  if (!(v >= 0 && v <= max)) throw new UserError(`${flag}: '${text}' must be a percentage${Number.isFinite(max) ? ` from 0% to ${max * 100}%` : ''}, e.g. 20%`);
  return v;
}

/** Everything runFleet needs except where to write, the signal and the callbacks. */
export function collectOptions(f: CollectFlags, sampleInterval: string, sampleIntervalFlag: string, command: string): Omit<RunOptions, 'signal' | 'out'> {
  if (!f.inventory) throw new UserError('--inventory is required (a path, or NAME for inventory/NAME*)');
  if (f.executor !== 'ansible' && f.executor !== 'ssh') throw new UserError(`--executor: '${f.executor}' must be ansible or ssh`);
  const maxConcurrent = parsePercent(f.maxConcurrent, '--max-concurrent', 1);
  if (maxConcurrent === 0) throw new UserError('--max-concurrent: must be above 0%');
  return {
    executor: f.executor,
    allow: f.allow,
    maxConcurrent,
    inventory: f.inventory,
    limit: f.limit,
    serial: parseSerial(f.serial),
    collect: {
      samples: parsePositiveInt(f.samples, '--samples', 1),
      intervalMs: parseDuration(sampleInterval, sampleIntervalFlag),
      timeoutMs: Math.max(1000, parseDuration(f.timeout, '--timeout')),
      debug2Cap: 10_000,
      fullStacks: Boolean(f.fullStacks),
    },
    retries: parsePositiveInt(f.retries, '--retries'),
    forks: f.forks === undefined ? undefined : parsePositiveInt(f.forks, '--forks', 1),
    maxFail: parsePercent(f.maxFail, '--max-fail', 1),
    auditLog: f.auditLog,
    command,
  };
}

/** An abortable pause; resolves early (false) when the signal fires. */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(t);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** SIGINT/SIGTERM/SIGHUP abort the controller; returns the function that stops listening. */
export function onSignals(controller: AbortController, what: string): () => void {
  let n = 0;
  const handler = (sig: NodeJS.Signals) => {
    n++;
    process.stderr.write(`fleet-diag: ${sig} received: ${what}${n > 1 ? ' (again: please wait)' : ''}\n`);
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  process.on('SIGHUP', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
    process.off('SIGHUP', handler);
  };
}
