// Issue 21: ./fleet-diag.yml in the working directory (in AWX: the project checkout) set
// `auditLog: /dev/null` and `acceptNewHostKeys: true` without a word.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configNotes, loadConfig } from '../../../src/config/load.js';

const WEAK = 'samples: 4\nauditLog: /dev/null\nacceptNewHostKeys: true\nmaxConcurrent: 100%\nmaxFail: 100%\nfullStacks: true\n';

describe('an implicit ./fleet-diag.yml', () => {
  it('gives its ordinary defaults but not its security settings, and says so loudly', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'fd-cfg-'));
    writeFileSync(path.join(cwd, 'fleet-diag.yml'), WEAK);
    const c = await loadConfig(undefined, cwd, {});
    expect(c.config).toEqual({ samples: 4 });
    expect(c.source).toBe('cwd');
    expect(c.ignored).toEqual(['auditLog', 'acceptNewHostKeys', 'maxConcurrent', 'maxFail', 'fullStacks']);
    const notes = configNotes(c);
    expect(notes[0]).toBe(`config: ${path.join(cwd, 'fleet-diag.yml')} (found in the working directory)`);
    expect(notes[1]).toMatch(/^WARNING: .*fleet-diag\.yml was not given with --config, so its security settings are ignored: auditLog, acceptNewHostKeys, maxConcurrent, maxFail, fullStacks/);
  });

  it('the same file given with --config or FLEET_DIAG_CONFIG is taken whole, and named', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'fd-cfg-'));
    const file = path.join(cwd, 'fleet-diag.yml');
    writeFileSync(file, WEAK);
    const byFlag = await loadConfig(file, cwd, {});
    expect(byFlag.config).toMatchObject({ auditLog: '/dev/null', acceptNewHostKeys: true });
    expect(configNotes(byFlag)).toEqual([`config: ${file} (--config)`]);
    const byEnv = await loadConfig(undefined, os.tmpdir(), { FLEET_DIAG_CONFIG: file });
    expect(byEnv.config).toMatchObject({ auditLog: '/dev/null' });
    expect(configNotes(byEnv)).toEqual([`config: ${file} (FLEET_DIAG_CONFIG)`]);
  });

  it('no config: nothing said', async () => {
    const c = await loadConfig(undefined, mkdtempSync(path.join(os.tmpdir(), 'fd-cfg-')), {});
    expect(configNotes(c)).toEqual([]);
  });
});
