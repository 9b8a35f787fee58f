// The run's event log, `events.jsonl`: one JSON line per event, in the shape our Ansible callback
// plugin writes (src/executors/ansible/callback_plugins/fleet_diag_events.py). The ssh executor
// writes the same shape, so a run directory reads the same whichever executor ran.

export interface RunEvent {
  event:
    | 'playbook_start' | 'play_start' | 'task_start' | 'runner_start' | 'runner_ok' | 'runner_failed' | 'runner_unreachable'
    | 'runner_skipped' | 'runner_retry' | 'runner_async_poll' | 'no_hosts_matched' | 'no_hosts_remaining' | 'stats';
  ts: number;
  host?: string;
  task?: string;
  action?: string;
  name?: string;
  ansible_version?: string | null;
  ignore_errors?: boolean;
  res?: {
    stdout?: string; stderr?: string; msg?: string; rc?: number; finished?: number | boolean;
    ansible_job_id?: string; failed?: boolean; unreachable?: boolean; attempts?: number;
    module_stderr?: string; module_stdout?: string;
    /** Our callback dropped an output over this many characters (limits.ts MAX_OUTPUT). */
    over_limit?: number;
  };
  hosts?: Record<string, Record<string, number>>;
}

/** Task names of roles/goroutine_snapshot/tasks/*.yml that the log's readers know. */
export const TASKS = {
  /** One sample, or the whole window without Python: its result carries the collector's output. */
  snapshot: 'fleet-diag snapshot',
  /** Starts the sampling window as an async job; its failure only means "fall back to raw". */
  windowStart: 'fleet-diag sampling window',
  windowWait: 'fleet-diag wait for window',
  windowRaw: 'fleet-diag sampling window (raw, no python)',
} as const;

/** Task name without Ansible's `role : ` prefix. */
export function taskName(e: RunEvent): string {
  const t = e.task ?? '';
  const i = t.indexOf(' : ');
  return i >= 0 ? t.slice(i + 3) : t;
}
