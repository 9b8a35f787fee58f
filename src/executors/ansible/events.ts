import { promises as fs } from 'node:fs';
import type { RunEvent } from '../../collect/run-events.js';

/** Follows the events file as Ansible appends to it; yields whole lines only. */
export class EventTail {
  private offset = 0;
  private partial = '';

  constructor(private readonly file: string) {}

  async read(): Promise<RunEvent[]> {
    let handle;
    try {
      handle = await fs.open(this.file, 'r');
    } catch {
      return [];
    }
    try {
      const out: RunEvent[] = [];
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
            out.push(JSON.parse(line) as RunEvent);
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
