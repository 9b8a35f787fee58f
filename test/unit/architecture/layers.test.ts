// The architecture check: dependency-cruiser with .dependency-cruiser.cjs (layer order, no cycles,
// nothing imports cli/, the executors never import each other). Run on the real tree, and on a
// copy with deliberately wrong imports, one per rule, each of which must be caught.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

async function cruise(cwd: string): Promise<{ code: number; out: string }> {
  try {
    const r = await promisify(execFile)(process.execPath, [bin, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** Wrong imports, each with the rule that must name it. */
const PROBES: { what: string; file: string; text: string; rule: string }[] = [
  { what: 'a layer importing one above it', file: 'src/core/probe-up.ts', text: "export { runFleet } from '../pipeline/run.js';\n", rule: 'layer-core' },
  { what: 'anything but cli/ importing cli/', file: 'src/report/probe-cli.ts', text: "export { logLine } from '../cli/log-line.js';\n", rule: 'only-cli-imports-cli' },
  { what: 'one executor importing the other', file: 'src/executors/ssh/probe-peer.ts', text: "export { judgeHosts } from '../ansible/judge.js';\n", rule: 'executors-are-peers' },
  { what: 'report/ reaching into an executor', file: 'src/report/probe-exec.ts', text: "export { judgeHosts } from '../executors/ansible/judge.js';\n", rule: 'executors-behind-pipeline' },
  { what: 'a folder without a rank', file: 'src/plan/probe-new.ts', text: "export * from '../newstage/x.js';\n", rule: 'every-folder-ranked' },
  { what: 'a cycle', file: 'src/core/probe-cycle-a.ts', text: "import { b } from './probe-cycle-b.js';\nexport const a = () => b;\n", rule: 'no-circular' },
];

let copy = '';
let probed: { code: number; out: string };
beforeAll(async () => {
  copy = mkdtempSync(path.join(os.tmpdir(), 'fd-arch-'));
  for (const f of ['src', 'tsconfig.json', '.dependency-cruiser.cjs']) cpSync(path.join(root, f), path.join(copy, f), { recursive: true });
  mkdirSync(path.join(copy, 'src/newstage'));
  writeFileSync(path.join(copy, 'src/newstage/x.ts'), 'export const x = 1;\n');
  writeFileSync(path.join(copy, 'src/core/probe-cycle-b.ts'), "import { a } from './probe-cycle-a.js';\nexport const b = () => a;\n");
  for (const p of PROBES) writeFileSync(path.join(copy, p.file), p.text);
  probed = await cruise(copy);
}, 120_000);
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('architecture (dependency-cruiser)', () => {
  it('src/ follows the layers: no violation', async () => {
    const r = await cruise(root);
    expect(r.out).toContain('no dependency violations found');
    expect(r.code).toBe(0);
  }, 60_000);

  it('fails on wrong imports', () => {
    expect(probed.code).not.toBe(0);
  });

  it.each(PROBES)('catches $what ($rule)', ({ file, rule }) => {
    const lines = probed.out.split('\n').filter((l) => l.includes(`${rule}:`));
    expect(lines.some((l) => l.includes(file)), `${rule} should name ${file}:\n${probed.out}`).toBe(true);
  });
});
