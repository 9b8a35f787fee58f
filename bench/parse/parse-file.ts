// Benchmark driver: parses one dump and prints the groups as JSON, the answer the Go scanner
// baseline prints. Modes: `merge` (parseDumpFile, equal stacks merged while streaming; the
// default), `exact` (parseDumpFile, one record per goroutine), `memory` (parseDump on the
// whole file read at once, one record per goroutine). Bundled by run.sh.
import { readFileSync } from 'node:fs';
import { parseDump, parseDumpFile } from '../../src/profile/index.js';
import type { Goroutine } from '../../src/profile/index.js';

const file = process.argv[2];
const mode = process.argv[3] ?? 'merge';
const started = performance.now();
const cpu0 = process.cpuUsage();
const p =
  mode === 'memory' ? parseDump(readFileSync(file)) : await parseDumpFile(file, { merge: mode !== 'exact' });
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpu0);

// Group records by state and frames (records are already merged in `merge` mode).
const groups = new Map<string, { count: number; sample: Goroutine }>();
for (const g of p.goroutines) {
  const key = `${g.state}\n${g.frames.map((f) => `${f.func} ${f.file}:${f.line}`).join('\n')}\n${g.createdBy?.func ?? ''}`;
  const e = groups.get(key);
  if (e) e.count += g.count;
  else groups.set(key, { count: g.count, sample: g });
}
const out = [...groups.entries()].sort((a, b) => b[1].count - a[1].count).map(([stack, e]) => ({ count: e.count, stack }));
process.stdout.write(`${JSON.stringify({ total: p.total, groups: out })}\n`);
process.stderr.write(
  `parse ${mode}: ${ms.toFixed(1)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(1)} ms), ${p.total} goroutines, ${p.goroutines.length} records\n`,
);
