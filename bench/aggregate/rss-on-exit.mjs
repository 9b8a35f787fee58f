// Loaded with `node --import`: writes the process's peak RSS (KB), its own run time and CPU time to
// BENCH_RSS_FILE on exit, so the benchmark measures a CLI child without a `time` binary.
import { writeFileSync } from 'node:fs';
const t0 = performance.now();
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, ms: performance.now() - t0, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }));
});
