import path from 'node:path';
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { jsonChunks } from '../core/json-chunks.js';
import type { Report } from '../report/types.js';

/** Pieces are gathered up to this many characters per write. */
const WRITE_CHARS = 1 << 20;

/**
 * `report.json`, atomically (a temp file renamed: a reader, a watch, a gate, AWX, never sees half
 * of it), written host by host: the same text as JSON.stringify(report, null, 2), without a
 * string and a buffer of the whole report (about 23 MB for 1,000 hosts) in memory at once.
 */
export async function writeReport(runDir: string, report: Report): Promise<string> {
  const file = path.join(runDir, 'report.json');
  mkdirSync(runDir, { recursive: true });
  const tmp = path.join(runDir, `.report.json.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      let parts: string[] = [];
      let size = 0;
      const flush = () => {
        if (parts.length > 0) writeSync(fd, parts.join(''));
        parts = [];
        size = 0;
      };
      for (const chunk of jsonChunks(report as unknown as Record<string, unknown>, new Set(['hosts']))) {
        parts.push(chunk);
        size += chunk.length;
        if (size >= WRITE_CHARS) flush();
      }
      parts.push('\n');
      flush();
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return file;
}
