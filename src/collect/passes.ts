import { sleepUnlessAborted } from '../core/sleep.js';
import type { RunPlan } from '../plan/plan.js';
import { batchSizes, type SerialStep } from '../plan/serial.js';
import type { CollectHooks, CollectResult, Executor, PassResult } from './executor.js';
import type { CollectedHost } from './host-outcome.js';

/**
 * Collects every planned host through an executor: a first pass over the planned batches, then
 * retry passes (with backoff) for hosts that failed or were unreachable (Ansible's `until` never
 * retries unreachable hosts), until every host is ok, the retries are spent, the fleet-level
 * --max-fail threshold stops the run or the run is interrupted.
 */
export async function collectInPasses(executor: Executor, plan: RunPlan, hooks: CollectHooks): Promise<CollectResult> {
  const outcomes = new Map<string, CollectedHost>();
  const targeted = plan.targets.length;
  let pending = plan.batches.flat();
  let interrupted = false;
  let stoppedEarly: string | null = null;
  let pass = 0;
  try {
    while (pending.length > 0 && !interrupted && !stoppedEarly) {
      pass++;
      if (pass > 1 && !(await sleepUnlessAborted(backoffMs(pass), hooks.signal))) {
        interrupted = true;
        break;
      }
      hooks.onPass?.(pass, pending);
      const maxFailHosts = Math.floor(plan.maxFail * targeted);
      const r = await executor.runPass({
        pass,
        hosts: pending,
        batches: pass === 1 ? plan.batches : retryBatches(pending, plan.serial),
        // The fleet-level threshold guards the first pass; retry passes only revisit failed hosts.
        stopAfterBatch: (failed) =>
          pass === 1 && failed > maxFailHosts
            ? `run stopped after ${failed} hosts failed (more than --max-fail ${Math.round(plan.maxFail * 100)}% of ${targeted})`
            : null,
        mayStop: pass === 1 && maxFailHosts < targeted,
      });
      interrupted = r.interrupted || hooks.signal.aborted;
      stoppedEarly = r.stoppedEarly;
      mergePass(outcomes, pending, r, interrupted ? 'the run was interrupted' : (stoppedEarly ?? 'the run ended before this host'));
      if (pass > plan.retries) break;
      pending = pending.filter((h) => outcomes.get(h)?.status !== 'ok' && !outcomes.get(h)?.permanent);
    }
  } finally {
    await executor.close();
  }
  return { outcomes, interrupted, stoppedEarly, passes: pass, toolVersion: executor.toolVersion };
}

/** 1 s before the first retry pass, doubling, at most 30 s. */
export function backoffMs(pass: number): number {
  return Math.min(30_000, 1000 * 2 ** (pass - 2));
}

/** A retry pass batches the hosts it revisits with the planned sizes, as Ansible's serial does. */
export function retryBatches(hosts: string[], serial: SerialStep[]): string[][] {
  const sizes = serial.length > 0 ? batchSizes(serial, hosts.length) : [hosts.length];
  const out: string[][] = [];
  let at = 0;
  for (const s of sizes) {
    out.push(hosts.slice(at, at + s));
    at += s;
  }
  return out;
}

/** One pass's outcomes into the run's: a pass that never reached a host must not erase what an earlier one learned. */
export function mergePass(outcomes: Map<string, CollectedHost>, visited: string[], r: PassResult, whyNotCollected: string): void {
  for (const h of visited) {
    const o = r.outcomes.get(h);
    const prev = outcomes.get(h);
    const attempts = (prev?.attempts ?? 0) + 1;
    if (!o || r.cutOff.has(h)) {
      if (prev && (prev.raw || !o?.raw)) continue;
      outcomes.set(h, o ? { ...o, attempts } : { host: h, status: 'failed', error: `not collected: ${whyNotCollected}`, raw: null, warnings: [], attempts });
      continue;
    }
    outcomes.set(h, { ...o, attempts });
  }
}
