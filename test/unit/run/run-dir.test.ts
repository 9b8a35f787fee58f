// Issue 21: `--out` into an existing directory followed links planted there and re-read stale events.
import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeRunDir } from '../../../src/pipeline/run-dir.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'fd-out-'));

describe('--out', () => {
  it('creates a new directory (and its parents) with hosts/', async () => {
    const out = path.join(tmp(), 'a', 'b');
    const { dir } = await makeRunDir(out);
    expect(dir).toBe(out);
    expect(readdirSync(out)).toEqual(['hosts']);
  });

  it('takes an existing empty directory', async () => {
    const out = tmp();
    await makeRunDir(out);
    expect(existsSync(path.join(out, 'hosts'))).toBe(true);
  });

  it('refuses a directory holding a planted link, and writes nothing there', async () => {
    const out = tmp();
    const victim = path.join(tmp(), 'victim');
    writeFileSync(victim, 'keep');
    symlinkSync(victim, path.join(out, 'report.json'));
    await expect(makeRunDir(out)).rejects.toThrow(/--out .* is not empty/);
    expect(readdirSync(out)).toEqual(['report.json']);
  });

  it('refuses a directory with an earlier run in it (stale events)', async () => {
    const out = tmp();
    writeFileSync(path.join(out, 'events.jsonl'), '{}\n');
    await expect(makeRunDir(out)).rejects.toMatchObject({ name: 'UserError', exitCode: 3 });
  });

  it('refuses a file, and an empty directory everyone may write to', async () => {
    const base = tmp();
    writeFileSync(path.join(base, 'f'), '');
    await expect(makeRunDir(path.join(base, 'f'))).rejects.toThrow(/not a directory/);
    mkdirSync(path.join(base, 'open'));
    chmodSync(path.join(base, 'open'), 0o777);
    await expect(makeRunDir(path.join(base, 'open'))).rejects.toThrow(/writable by everyone/);
  });
});
