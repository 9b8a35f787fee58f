// aggregate's reader thread (aggregate-read.ts) and its streamed report.json must change nothing:
// over generated slices (real dumps, bench/aggregate/gen.ts), the report equals the one `run`'s own
// path builds from the same results (judge ─► buildHostReport ─► assembleReport), read on the
// thread or inline; report.json is JSON.stringify(report, null, 2) to the byte; the artifacts are
// the bytes `run`'s storeArtifacts writes, under the same names.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from '../../../bench/aggregate/gen.js';
import { aggregateDirs } from '../../../src/pipeline/aggregate.js';
import { aggregateRunInfo } from '../../../src/pipeline/aggregate-run-info.js';
import { readStoredResult } from '../../../src/pipeline/aggregate-host.js';
import { explainUnreachable, judgeCollectorResult } from '../../../src/collect/judge-result.js';
import type { CollectedHost } from '../../../src/collect/host-outcome.js';
import { storeArtifacts } from '../../../src/collect/store.js';
import { assembleReport } from '../../../src/report/assemble.js';
import { buildHostReport } from '../../../src/report/build-host.js';
import type { Report } from '../../../src/report/types.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-agg-same-'));
const slice = path.join(dir, 'slice');
generate(slice, 60);

/** What differs between two runs over the same results: the run's id and when it finished. */
const timeless = (r: Report) => ({ ...r, run: { ...r.run, id: '', finishedAt: '' } });

async function runPath(): Promise<{ report: Report; outcomes: CollectedHost[] }> {
  const files = readdirSync(slice).sort().map((f) => path.join(slice, f));
  const stored = files.map((f) => readStoredResult(f));
  const outcomes = stored.map((s): CollectedHost => (s.unreachable
    ? { host: s.host, status: 'unreachable', error: explainUnreachable(s.result.msg ?? 'host unreachable'), raw: null, warnings: [], attempts: 1 }
    : { ...judgeCollectorResult(s.result, s.host, { urlOf: () => 'the pprof URL', timeoutS: s.settings?.timeout_s ?? 0 }), attempts: 1 }));
  const read = files.map((file, i) => ({ file, stored: { ...stored[i], result: {} }, report: buildHostReport(outcomes[i], '', {}) }));
  const run = aggregateRunInfo(read, { id: '', command: 'test', dirs: [slice], jobs: [], notes: [] });
  const report = await assembleReport(outcomes.map((outcome) => ({ outcome, pprofUrl: '' })), run, { interrupted: false });
  return { report, outcomes };
}

describe('aggregate with a reader thread and a streamed report.json', () => {
  for (const read of ['thread', 'inline'] as const) {
    it(`gives run's report, report.json and artifacts (read ${read === 'thread' ? 'on the reader thread' : 'inline'})`, async () => {
      const { report: expected, outcomes } = await runPath();
      const out = path.join(dir, `run-${read}`);
      const { report, runDir } = await aggregateDirs([slice], out, 'test', { read });
      expect(report.hosts).toHaveLength(60);
      expect(report.hosts.filter((h) => h.groups.length > 0).length).toBeGreaterThan(40);
      // the jobs of the results are the only note run's path (given none) lacks
      expect(timeless({ ...report, run: { ...report.run, notes: report.run.notes.filter((n) => !n.startsWith('collected by')) } })).toEqual(timeless(expected));
      expect(readFileSync(path.join(runDir, 'report.json'), 'utf8')).toBe(`${JSON.stringify(report, null, 2)}\n`);

      const reference = path.join(dir, `store-${read}`);
      await storeArtifacts(reference, outcomes);
      const names = (d: string) => readdirSync(path.join(d, 'hosts'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(d, path.join(e.parentPath, e.name))).sort();
      const want = names(reference);
      expect(want.length).toBeGreaterThan(200);
      expect(names(runDir)).toEqual(want);
      for (const f of want) expect(readFileSync(path.join(runDir, f)).equals(readFileSync(path.join(reference, f))), f).toBe(true);
    }, 90_000); // the thread loads the TypeScript sources through tsx: slow on a loaded machine
  }
});
