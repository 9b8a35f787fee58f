import { appendFileSync, writeFileSync } from 'node:fs';
import type { AnsibleEvent } from '../ansible/events.js';

/**
 * Events in the shape our Ansible callback writes (src/ansible/events.ts): appended to the run's
 * events.jsonl, so the run dir reads the same whichever executor ran, and handed to the progress
 * printers. `fileOnly` events (stats) would make the printers talk about ansible-playbook.
 */
export class EventLog {
  constructor(
    private readonly file: string,
    private readonly onEvent?: (e: AnsibleEvent, pass: number) => void,
  ) {
    writeFileSync(file, '', { flag: 'a' });
  }

  emit(e: Omit<AnsibleEvent, 'ts'>, pass: number, opts: { fileOnly?: boolean } = {}): AnsibleEvent {
    const event = { ...e, ts: Date.now() / 1000 } as AnsibleEvent;
    appendFileSync(this.file, `${JSON.stringify(event)}\n`);
    if (!opts.fileOnly) this.onEvent?.(event, pass);
    return event;
  }
}
