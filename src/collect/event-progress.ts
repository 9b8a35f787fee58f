import type { ProgressEvent } from './executor.js';
import { taskName, TASKS, type RunEvent } from './run-events.js';

/** What the printers are told of one line of the run's event log (either executor's), or null for the events they skip. */
export function progressOf(e: RunEvent): ProgressEvent | null {
  switch (e.event) {
    case 'play_start':
      return { kind: 'batch' };
    case 'runner_ok':
      if (!e.host) return null;
      return taskName(e) === TASKS.windowStart ? { kind: 'window-started', host: e.host } : { kind: 'collected', host: e.host };
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
