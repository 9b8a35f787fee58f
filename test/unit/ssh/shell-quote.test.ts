import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { shellCommand, shellQuote } from '../../../src/collect/shell-quote.js';
import { collectorArgv, collectorCommand, collectorSettings } from '../../../src/collect/collector-command.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-quote-'));
const canary = path.join(dir, 'pwned');

const HOSTILE = [
  '',
  ' ',
  'plain',
  "it's",
  "'",
  "''",
  "'\\''",
  '"',
  '\\',
  '\\\\\'',
  `$(touch ${canary})`,
  `\`touch ${canary}\``,
  `; touch ${canary}`,
  `& touch ${canary} &`,
  `| touch ${canary}`,
  `x\ntouch ${canary}\n`,
  `x'; touch ${canary}; echo '`,
  `"; touch ${canary}; echo "`,
  `$HOME $(id) \${PATH} $1 $@ $$`,
  '*',
  '~',
  '~root',
  '!!',
  '{a,b}',
  '-n',
  '--',
  '#comment',
  "{{ lookup('pipe', 'id') }}",
  'tab\there',
  '\r\n\t\v\f',
  'ünïcødé ✓',
  '\x01\x1b[31m',
];

/** What a real POSIX shell makes of a command line: the words printf receives. */
async function wordsFrom(shell: string, line: string): Promise<string[]> {
  const r = await execa(shell, ['-c', `printf '%s\\0' ${line}`], { stripFinalNewline: false });
  return r.stdout.split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it('always single-quotes, and turns a quote into close-escape-reopen', () => {
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('$(id)')).toBe("'$(id)'");
  });

  it('refuses NUL, which no argument can carry', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });

  for (const shell of ['sh', 'bash']) {
    it(`hands every hostile value to ${shell} as one unchanged word, running nothing`, async () => {
      for (const v of HOSTILE) expect(await wordsFrom(shell, shellQuote(v)), JSON.stringify(v)).toEqual([v]);
      expect(await wordsFrom(shell, shellCommand(HOSTILE))).toEqual(HOSTILE);
      expect(existsSync(canary)).toBe(false);
    });
  }
});

describe('collector command', () => {
  const collect = { samples: 3, intervalMs: 2000, timeoutMs: 20_000, debug2Cap: 10_000, fullStacks: false };

  it('computes the node-side budget as the role does', () => {
    // (samples - 1) * interval + (2 * samples + 4) * timeout + 5 (goroutines and MemStats per sample, debug=2 twice, pprof, goroutineleak)
    expect(collectorSettings(collect)).toEqual({ samples: 3, intervalS: 2, timeoutS: 20, cap: 10_000, full: 0, budgetS: 2 * 2 + 10 * 20 + 5, captures: '', attachS: 0 });
    expect(collectorSettings({ ...collect, samples: 1, timeoutMs: 400, fullStacks: true })).toMatchObject({ timeoutS: 1, full: 1, budgetS: 6 + 5 });
  });

  it('reaches the remote shell as exactly the intended argv, whatever the inventory says', async () => {
    const script = "echo \"it's $1\"\n# a comment with `backticks` and $(subshells)\n";
    const target = { pprofUrl: 'http://127.0.0.1:6060', process: `x'; touch ${canary}; '$(id)\n` };
    const s = collectorSettings(collect);
    const argv = collectorArgv(script, target, s);
    expect(argv.slice(0, 8)).toEqual(['timeout', '-k', '5', String(s.budgetS), 'sh', '-c', script, 'fleet-diag-collector']);
    expect(argv.slice(8)).toEqual(['http://127.0.0.1:6060', '3', '2', '20', '10000', '0', target.process]);
    expect(await wordsFrom('sh', collectorCommand(script, target, s))).toEqual(argv);
    expect(existsSync(canary)).toBe(false);
  });
});
