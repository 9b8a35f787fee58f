// The validator `npm run build` compiles ahead (scripts/build-validator.mjs) must judge reports as
// the schema compiled at run time does: a valid report passes, a broken one fails with the same
// problems; it records the schema's hash, so an edited schema is never judged by stale code.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Ajv from 'ajv';

const root = path.resolve(import.meta.dirname, '../../..');
const schemaText = readFileSync(path.join(root, 'schema/report.schema.json'), 'utf8');
type V = ((d: unknown) => boolean) & { errors?: { instancePath: string; keyword: string }[] | null };

const valid = {
  schemaVersion: 1,
  run: { id: 'r', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:05Z', command: 'x', inventory: 'i', limit: null, executor: 'ansible', ansibleVersion: null, samples: 2, intervalSeconds: 5, timeoutSeconds: 20, serial: [], debug2Cap: null, passes: 1, notes: [], status: 'ok', hostsTargeted: 0, hostsOk: 0, hostsFailed: 0 },
  hosts: [],
  suspects: [],
};

describe('the validator compiled at build time', () => {
  // inside the package, where its require('ajv/dist/runtime/…') resolves, as dist/'s does
  mkdirSync(path.join(root, 'node_modules', '.cache'), { recursive: true });
  const out = path.join(mkdtempSync(path.join(root, 'node_modules', '.cache', 'fd-validator-')), 'report-validator.cjs');
  execFileSync(process.execPath, [path.join(root, 'scripts/build-validator.mjs'), out]);
  const built = createRequire(import.meta.url)(out) as V;
  const AjvCtor = Ajv as unknown as new (o: object) => { compile(s: object): V };
  const compiled = new AjvCtor({ allErrors: true, strict: false }).compile(JSON.parse(schemaText));

  it('records the hash of the schema it was made from', () => {
    expect(readFileSync(out, 'utf8').split('\n', 1)[0]).toBe(`// schema sha256 ${createHash('sha256').update(schemaText).digest('hex')}`);
  });

  it('passes what the run-time compile passes and fails what it fails, with the same problems', () => {
    for (const report of [valid, { ...valid, schemaVersion: 'one' }, { ...valid, run: { ...valid.run, status: 'great' } }, { ...valid, hosts: [{ host: 1 }] }, null]) {
      const a = built(report);
      const b = compiled(report);
      expect(a).toBe(b);
      expect((built.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`)).toEqual((compiled.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`));
    }
    expect(built(valid)).toBe(true);
    expect(built({ ...valid, schemaVersion: 'one' })).toBe(false);
  });
});
