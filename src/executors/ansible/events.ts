import { promises as fs } from 'node:fs';
import type { RunEvent } from '../../collect/run-events.js';
import { MAX_OUTPUT } from '../../collect/limits.js';

/**
 * Longest event line read: the callback plugin already drops outputs over MAX_OUTPUT, so a longer
 * line is not one of its lines; it is skipped rather than held (memory stays bounded).
 */
export const MAX_EVENT_LINE = MAX_OUTPUT + 16 * 1024 * 1024;

/** Follows the events file as Ansible appends to it; yields whole lines only. */
export class EventTail {
  private offset = 0;
  private partial = '';
  private skipping = false;
  /** Lines skipped for their length. */
  skipped = 0;

  constructor(private readonly file: string, private readonly maxLine = MAX_EVENT_LINE) {}

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
        let piece = buf.subarray(0, bytesRead).toString('utf8');
        if (this.skipping) {
          const nl = piece.indexOf('\n');
          if (nl < 0) continue;
          piece = piece.slice(nl + 1);
          this.skipping = false;
        }
        this.partial += piece;
        const lines = this.partial.split('\n');
        this.partial = lines.pop() ?? '';
        if (this.partial.length > this.maxLine) {
          this.partial = '';
          this.skipping = true;
          this.skipped++;
        }
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
