import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { jsonChunks } from '../core/json-chunks.js';
import type { Report } from '../report/types.js';

/**
 * `report.json`, atomically (a reader, a watch, a gate, AWX, never sees half of it), written host
 * by host: the same text as JSON.stringify(report, null, 2), without a string and a buffer of the
 * whole report (about 23 MB for 1,000 hosts) in memory at once.
 */
export async function writeReport(runDir: string, report: Report): Promise<string> {
  const file = path.join(runDir, 'report.json');
  await writeFileAtomic(file, withNewline(jsonChunks(report as unknown as Record<string, unknown>, new Set(['hosts']))));
  return file;
}

function* withNewline(pieces: Iterable<string>): Generator<string> {
  yield* pieces;
  yield '\n';
}
