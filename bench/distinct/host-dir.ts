// A directory of one host's result holding a dump (host-result.ts), for `fleet-diag aggregate DIR`:
//   tsx bench/distinct/host-dir.ts DUMP DIR
import { readFileSync } from 'node:fs';
import { writeHostResult } from './host-result.js';

const [dump, dir] = process.argv.slice(2);
if (!dump || !dir) {
  console.error('usage: tsx bench/distinct/host-dir.ts DUMP DIR');
  process.exit(3);
}
console.log(`${dir}: 1 host, ${writeHostResult(readFileSync(dump), dir)} goroutines`);
