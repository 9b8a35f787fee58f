import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import type { Report } from '../report/types.js';

/** `report.json`, atomically: a reader (a watch, a gate, AWX) never sees half of it. */
export async function writeReport(runDir: string, report: Report): Promise<string> {
  const file = path.join(runDir, 'report.json');
  await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
