// The plain baseline: read and JSON.parse every result of a directory, nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
const dir = process.argv[2];
let n = 0;
for (const f of readdirSync(dir)) if (f.endsWith('.json')) n += JSON.parse(readFileSync(path.join(dir, f), 'utf8')).stdout.length;
console.log(n);
