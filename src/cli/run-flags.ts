// The collection flags run, gate and watch share, turned into runFleet's options in one place:
// the same flag means the same thing in every command.
import { parseSerial } from '../plan/serial.js';
import { parseCaptures } from '../plan/captures.js';
import type { RunOptions } from '../pipeline/run.js';
import { parseDuration, parsePositiveInt } from '../core/duration.js';
import { parsePercent } from '../core/percent.js';
import { UserError } from '../core/exit-codes.js';
import { redactedCommandLine } from '../alert/redact.js';
import { printErr } from './output.js';
import { pastRunsReader } from '../diff/past-runs.js';

/** `--history DIR` (or the `history` setting), `--no-history` (false), or the default (true/absent). */
export function historyReader(flag: string | boolean | undefined): RunOptions['history'] {
  if (flag === false) return undefined;
  return pastRunsReader({ root: typeof flag === 'string' && flag !== '' ? flag : null });
}

export interface CollectFlags {
  inventory?: string;
  limit?: string;
  serial?: string;
  samples: string;
  timeout: string;
  retries: string;
  forks?: string;
  maxFail: string;
  maxConcurrent: string;
  allow?: string;
  acceptNewHostKeys?: boolean;
  executor: string;
  fullStacks?: boolean;
  capture?: string;
  attach?: string;
  attachTimeout?: string;
  attachMax?: string;
  alertGoroutines?: string;
  alertGcPauseP99?: string;
  maxGroups?: string;
  auditLog: string;
  verbose?: boolean;
  inventoryTimeout?: string;
}

/**
 * Everything runFleet needs except where to write, the signal and the callbacks. The sampling
 * interval is `--interval` for run and watch, `--sample-interval` for gate (whose --interval
 * spaces its measurements).
 */
export function runOptionsFrom(f: CollectFlags, sampling: { interval: string; flag: string }): Omit<RunOptions, 'signal' | 'out'> {
  if (!f.inventory) throw new UserError('--inventory is required (a path, or NAME for inventory/NAME*; or set inventory in fleet-diag.yml)');
  if (f.executor !== 'ansible' && f.executor !== 'ssh') throw new UserError(`--executor: '${f.executor}' must be ansible or ssh`);
  const maxConcurrent = parsePercent(f.maxConcurrent, '--max-concurrent', 1);
  if (maxConcurrent === 0) throw new UserError('--max-concurrent: must be above 0%');
  return {
    executor: f.executor,
    allow: f.allow,
    maxConcurrent,
    acceptNewHostKeys: Boolean(f.acceptNewHostKeys),
    inventory: f.inventory,
    limit: f.limit,
    serial: parseSerial(f.serial),
    collect: {
      samples: parsePositiveInt(f.samples, '--samples', 1),
      intervalMs: parseDuration(sampling.interval, sampling.flag),
      timeoutMs: Math.max(1000, parseDuration(f.timeout, '--timeout')),
      debug2Cap: 10_000,
      fullStacks: Boolean(f.fullStacks),
      captures: parseCaptures(f.capture),
      ...(f.attach ? { attachTimeoutMs: attachTimeout(f.attachTimeout ?? '10s') } : {}),
    },
    ...(f.attach ? { attach: { hosts: f.attach, maxShare: attachShare(f.attachMax ?? '10%') } } : {}),
    analysis: {
      alertThreshold: parsePositiveInt(f.alertGoroutines ?? '5000', '--alert-goroutines', 1),
      gcPauseP99Ms: parseDuration(f.alertGcPauseP99 ?? '100ms', '--alert-gc-pause-p99'),
      maxGroups: parsePositiveInt(f.maxGroups ?? '10000', '--max-groups', 1),
    },
    retries: parsePositiveInt(f.retries, '--retries'),
    forks: f.forks === undefined ? undefined : parsePositiveInt(f.forks, '--forks', 1),
    maxFail: parsePercent(f.maxFail, '--max-fail', 1),
    auditLog: f.auditLog,
    inventoryTimeoutMs: f.inventoryTimeout === undefined ? undefined : Math.max(1000, parseDuration(f.inventoryTimeout, '--inventory-timeout')),
    echoAnsible: f.verbose ? ansibleEcho() : undefined,
    // As the audit log records it: shell-quoted, URLs redacted.
    command: redactedCommandLine(process.argv.slice(1)),
  };
}

/** Ansible's own output (--verbose) on stderr, through the output boundary like everything else. */
function ansibleEcho(): (chunk: string | Uint8Array) => void {
  const utf8 = new TextDecoder();
  return (chunk) => printErr(typeof chunk === 'string' ? chunk : utf8.decode(chunk, { stream: true }));
}

/** One Delve attach stops the service: 1 s to 5 min, never unbounded. */
function attachTimeout(text: string): number {
  const ms = parseDuration(text, '--attach-timeout');
  if (ms < 1000 || ms > 300_000) throw new UserError(`--attach-timeout: '${text}' must be between 1s and 5m`);
  return ms;
}

function attachShare(text: string): number {
  const share = parsePercent(text, '--attach-max', 1);
  if (share === 0) throw new UserError('--attach-max: must be above 0%');
  return share;
}
