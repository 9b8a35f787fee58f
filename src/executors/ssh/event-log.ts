import { appendFileSync, writeFileSync } from 'node:fs';
import type { ProgressEvent } from '../../collect/executor.js';
import { progressOf } from '../../collect/event-progress.js';
import type { JudgeContext } from '../../collect/judge-result.js';
import type { RunEvent } from '../../collect/run-events.js';

/**
 * Events in the shape our Ansible callback writes (collect/run-events.ts): appended to the run's
 * events.jsonl, so the run dir reads the same whichever executor ran, and told to the progress
 * printers. `fileOnly` events (stats) would make the printers talk about ansible-playbook.
 */
export class EventLog {
  constructor(
    private readonly file: string,
    private readonly onProgress?: (e: ProgressEvent) => void,
    private readonly judge?: JudgeContext,
  ) {
    writeFileSync(file, '', { flag: 'a' });
  }

  emit(e: Omit<RunEvent, 'ts'>, opts: { fileOnly?: boolean } = {}): RunEvent {
    const event = { ...e, ts: Date.now() / 1000 } as RunEvent;
    appendFileSync(this.file, `${JSON.stringify(event)}\n`);
    const progress = opts.fileOnly ? null : progressOf(event, this.judge);
    if (progress) this.onProgress?.(progress);
    return event;
  }
}
