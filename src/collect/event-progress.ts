import type { ProgressEvent } from './executor.js';
import { judgeCollectorResult, type JudgeContext } from './judge-result.js';
import { taskName, TASKS, type RunEvent } from './run-events.js';

/**
 * What the printers are told of one line of the run's event log (either executor's), or null for
 * the events they skip. With `judge`, a task that ran but whose collector says it failed (pprof
 * refused, a sample's error) is told as the host's failure, not as collected.
 */
export function progressOf(e: RunEvent, judge?: JudgeContext): ProgressEvent | null {
  switch (e.event) {
    case 'play_start':
      return { kind: 'batch' };
    case 'runner_ok':
      if (!e.host) return null;
      if (taskName(e) === TASKS.windowStart) return { kind: 'window-started', host: e.host };
      if (judge && e.res && collectorMayHaveFailed(e.res.stdout)) {
        const o = judgeCollectorResult(e.res, e.host, judge);
        if (o.status !== 'ok') return { kind: 'failed', host: e.host, message: o.error ?? o.status, final: true };
      }
      return { kind: 'collected', host: e.host };
    case 'runner_failed':
      // A window that could not start as an async job is sampled through raw instead.
      return e.host ? { kind: 'failed', host: e.host, message: e.res?.msg ?? '', final: taskName(e) !== TASKS.windowStart } : null;
    case 'runner_unreachable':
      return e.host ? { kind: 'unreachable', host: e.host, message: e.res?.msg ?? '' } : null;
    case 'runner_retry':
      return e.host ? { kind: 'waiting', host: e.host } : null;
    case 'stats':
      return { kind: 'pass-finished', by: 'ansible-playbook' };
    default:
      return null;
  }
}

/** A cheap look before a full judgement (which inflates every sample): errors are rare, output can be large. */
function collectorMayHaveFailed(stdout: string | undefined): boolean {
  return !stdout || !stdout.includes('@@fd done') || stdout.includes('\n@@fd error ') || stdout.includes('\n@@fd fatal ');
}
