import { promises as fs } from 'node:fs';

/** One JSON line written by our callback plugin (src/executors/ansible/callback_plugins/fleet_diag_events.py). */
export interface AnsibleEvent {
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
  };
  hosts?: Record<string, Record<string, number>>;
}

/** Follows the events file as Ansible appends to it; yields whole lines only. */
export class EventTail {
  private offset = 0;
  private partial = '';

  constructor(private readonly file: string) {}

  async read(): Promise<AnsibleEvent[]> {
    let handle;
    try {
      handle = await fs.open(this.file, 'r');
    } catch {
      return [];
    }
    try {
      const out: AnsibleEvent[] = [];
      const buf = Buffer.alloc(1 << 20);
      for (;;) {
        const { bytesRead } = await handle.read(buf, 0, buf.length, this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        this.partial += buf.subarray(0, bytesRead).toString('utf8');
        const lines = this.partial.split('\n');
        this.partial = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.trim()) continue;
          try {
            out.push(JSON.parse(line) as AnsibleEvent);
          } catch {
            // A torn line can only be the last one; anything else is not ours: skip it.
          }
        }
      }
      return out;
    } finally {
      await handle.close();
    }
  }
}
