// Times commands against each other, alternating runs, and prints min/median wall times and
// ratios against the first (the baseline). Used by run.sh.
//   node compare.mjs RUNS 'name=cmd args' 'name=cmd args' ...
import { spawnSync } from 'node:child_process';

const [runsArg, ...specs] = process.argv.slice(2);
const runs = Number(runsArg);
const cmds = specs.map((s) => {
  const eq = s.indexOf('=');
  return { name: s.slice(0, eq), argv: s.slice(eq + 1).split(' ').filter(Boolean), times: [] };
});
for (let r = 0; r < runs; r++) {
  for (const c of r % 2 === 0 ? cmds : [...cmds].reverse()) {
    const t = process.hrtime.bigint();
    const res = spawnSync(c.argv[0], c.argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (res.status !== 0) {
      process.stderr.write(`${c.name} failed (${res.status}): ${res.stderr}\n`);
      process.exit(1);
    }
    c.times.push(ms);
  }
}
const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)] };
};
const base = stat(cmds[0].times);
for (const c of cmds) {
  const st = stat(c.times);
  console.log(
    `${c.name.padEnd(22)} min ${st.min.toFixed(0).padStart(5)} ms  median ${st.median.toFixed(0).padStart(5)} ms  ` +
      `ratio ${(st.min / base.min).toFixed(2)}x (min) ${(st.median / base.median).toFixed(2)}x (median)`,
  );
}
