// Compares two `aggregate` run directories over the same results (before and after a change):
// report.json must be the same text but for the run's id, finishedAt and command lines, and the
// artifacts under hosts/ the same names and bytes. Exit 0 when equal, 1 with the first difference.
//   node bench/aggregate/compare.mjs RUN_DIR_BEFORE RUN_DIR_AFTER
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const [a, b] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: node bench/aggregate/compare.mjs RUN_DIR_BEFORE RUN_DIR_AFTER');
  process.exit(3);
}
const timeless = (dir) => readFileSync(path.join(dir, 'report.json'), 'utf8').split('\n').filter((l) => !/^ {4}"(id|finishedAt|command)": /.test(l));
const [la, lb] = [timeless(a), timeless(b)];
let problems = 0;
const line = la.findIndex((l, i) => l !== lb[i]);
if (line >= 0 || la.length !== lb.length) {
  problems++;
  console.log(`report.json differs (line ${line + 1} once timing lines are dropped): ${la[line]?.slice(0, 120)} | ${lb[line]?.slice(0, 120)}`);
} else console.log(`report.json: the same ${la.length} lines (run id, finishedAt, command aside)`);
const files = (d) => readdirSync(path.join(d, 'hosts'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(d, path.join(e.parentPath, e.name))).sort();
const [fa, fb] = [files(a), files(b)];
if (JSON.stringify(fa) !== JSON.stringify(fb)) {
  problems++;
  console.log(`artifact names differ: ${fa.length} and ${fb.length} files`);
} else {
  const differ = fa.filter((f) => !readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f))));
  if (differ.length > 0) problems++;
  console.log(`artifacts: ${fa.length} files, ${differ.length} differ${differ.length ? ` (first ${differ[0]})` : ''}`);
}
process.exit(problems ? 1 : 0);
