// Issue 12: a second SIGINT ends the run at once (the partial report is still written); the first
// one stops Ansible in stages and cleans up the nodes, which can take a while.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { execa } from 'execa';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onSignals } from '../../../src/cli/signals.js';
import { startPlaybook } from '../../../src/executors/ansible/runner.js';

describe('signals', () => {
  afterEach(() => vi.restoreAllMocks());

  it('the first stops in order, the second hurries, the third quits', () => {
    const stop = new AbortController();
    const hurry = new AbortController();
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const off = onSignals(stop, 'stopping', hurry);
    try {
      process.emit('SIGINT', 'SIGINT');
      expect([stop.signal.aborted, hurry.signal.aborted]).toEqual([true, false]);
      process.emit('SIGINT', 'SIGINT');
      expect(hurry.signal.aborted).toBe(true);
      expect(exit).not.toHaveBeenCalled();
      process.emit('SIGTERM', 'SIGTERM');
      expect(exit).toHaveBeenCalledWith(130);
      expect(err.mock.calls.map((c) => String(c[0]))).toEqual([
        expect.stringMatching(/SIGINT received: stopping \(again to stop at once\)/),
        expect.stringMatching(/SIGINT received again: stopping now .*writing the partial report/),
        expect.stringMatching(/SIGTERM received again: quitting/),
      ]);
    } finally {
      off();
    }
  });
});

describe('ansible-playbook killed at once', () => {
  it('kill() ends a playbook that ignores SIGINT and SIGTERM without the staged wait', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-hurry-'));
    // A stand-in ansible-playbook (and a child of it) deaf to INT and TERM.
    const fake = path.join(dir, 'ansible-playbook');
    writeFileSync(fake, `#!/bin/sh\ntrap '' INT TERM\nsh -c "trap '' INT TERM; sleep 300; echo ${dir}-child" &\nsleep 300\n`);
    chmodSync(fake, 0o755);
    const PATH = process.env.PATH;
    process.env.PATH = `${dir}:${PATH}`;
    try {
      const run = startPlaybook({ cwd: dir, inventory: 'x', playbook: 'x', extravarsFile: 'x', limitFile: 'x', forks: 1, env: {}, logFile: path.join(dir, 'log'), graceMs: 3000 });
      await new Promise((r) => setTimeout(r, 300));
      const staged = run.stop('interrupted'); // would take 2 × 3 s before its KILL
      const t0 = Date.now();
      await run.kill();
      await staged;
      expect(Date.now() - t0).toBeLessThan(1500);
      expect((await run.done).signal).toBe('SIGKILL');
      expect((await execa('pgrep', ['-f', `${dir}-child`], { reject: false })).stdout).toBe('');
    } finally {
      process.env.PATH = PATH;
    }
  }, 30_000);
});
