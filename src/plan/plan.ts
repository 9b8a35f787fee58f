import type { Capture } from './captures.js';
import { batchSizes, type SerialStep } from './serial.js';
import type { HostTarget } from './targets.js';

export interface CollectSettings {
  samples: number;
  intervalMs: number;
  timeoutMs: number;
  /** debug=2 only at or below this many goroutines unless fullStacks. */
  debug2Cap: number;
  fullStacks: boolean;
  /** On-demand profiles fetched after the samples (run --capture). */
  captures?: Capture[];
  /** Hard limit of one Delve attach, in ms (run --attach-timeout); used for hosts whose target allows attaching. */
  attachTimeoutMs?: number;
}

export interface RunPlan {
  /** The run's id (names node-side spool files). */
  runId: string;
  targets: HostTarget[];
  /** Hosts in play order (config errors excluded), split into serial batches. */
  batches: string[][];
  serial: SerialStep[];
  forks: number;
  retries: number;
  /** Share of targeted hosts (0–1) whose failure stops the run. */
  maxFail: number;
  collect: CollectSettings;
}

function splitBatch(size: number, cap: number): number[] {
  const out: number[] = [];
  for (let left = size; left > 0; left -= cap) out.push(Math.min(cap, left));
  return out;
}

export function makePlan(opts: {
  runId?: string;
  targets: HostTarget[];
  serial: SerialStep[];
  forks?: number;
  retries: number;
  maxFail: number;
  /** Share of the fleet (0–1) that may be collected at once (default 1: no cap). */
  maxConcurrent?: number;
  collect: CollectSettings;
}): RunPlan {
  const runnable = opts.targets.filter((t) => !t.configError).map((t) => t.host);
  // Safety cap: never more than this share of the targeted fleet at once (at least one host).
  const cap = Math.max(1, Math.floor((opts.maxConcurrent ?? 1) * opts.targets.length + 1e-9));
  const sizes = batchSizes(opts.serial, runnable.length).flatMap((s) => splitBatch(s, cap));
  const batches: string[][] = [];
  let at = 0;
  for (const s of sizes) {
    batches.push(runnable.slice(at, at + s));
    at += s;
  }
  // One connection per host of the largest batch, bounded: past ~50 the controller's CPU is the limit.
  const largest = Math.max(1, ...sizes);
  const forks = opts.forks ?? Math.min(largest, 50);
  // The play gets the exact batch sizes, so Ansible's batches are the ones planned here.
  const serial: SerialStep[] = sizes.length > 1 ? sizes : [];
  return { runId: opts.runId ?? 'run', targets: opts.targets, batches, serial, forks, retries: opts.retries, maxFail: opts.maxFail, collect: opts.collect };
}
