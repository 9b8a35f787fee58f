// Writes a dump of all-distinct stacks (test/unit/helpers/distinct-dump.ts) of about SIZE MB:
//   tsx bench/distinct/gen.ts OUT.txt SIZE_MB
import { closeSync, openSync, writeSync } from 'node:fs';
import { distinctDumpPieces } from '../../test/unit/helpers/distinct-dump.js';

const [out, mb] = process.argv.slice(2);
if (!out || !mb) {
  console.error('usage: tsx bench/distinct/gen.ts OUT.txt SIZE_MB');
  process.exit(3);
}
// ~317 bytes a goroutine on average (one in ten is a longer leak stack).
const goroutines = Math.round((Number(mb) * 1e6) / 317);
const fd = openSync(out, 'w');
let bytes = 0;
for (const piece of distinctDumpPieces({ goroutines })) bytes += writeSync(fd, piece);
closeSync(fd);
console.log(`${out}: ${goroutines} goroutines, ${bytes} bytes`);
