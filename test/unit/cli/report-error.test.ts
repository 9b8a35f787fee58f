import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommanderError } from 'commander';
import { reportError } from '../../../src/cli/report-error.js';
import { EXIT, UserError } from '../../../src/core/exit-codes.js';

describe('exit code of an error', () => {
  const written: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    written.length = 0;
  });
  const capture = () => vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (written.push(String(s)), true));

  it('an internal error (a bug) has its own code, 5, never the usage code 3', () => {
    capture();
    expect(EXIT.internal).toBe(5);
    expect(new Set(Object.values(EXIT)).size).toBe(Object.values(EXIT).length);
    expect(reportError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(5);
    expect(written.join('')).toMatch(/^fleet-diag: internal error: Cannot read properties.*FLEET_DIAG_DEBUG=1/);
    expect(written.join('')).not.toMatch(/\n\s+at /); // no stack trace unless asked
  });
  it('a user error keeps its code and its one line; commander usage errors are 3', () => {
    capture();
    expect(reportError(new UserError('inventory x not found'))).toBe(EXIT.usage);
    expect(reportError(new UserError('ansible-playbook not found', EXIT.ansible))).toBe(EXIT.ansible);
    expect(written).toEqual(['fleet-diag: inventory x not found\n', 'fleet-diag: ansible-playbook not found\n']);
    expect(reportError(new CommanderError(1, 'commander.unknownOption', 'x'))).toBe(EXIT.usage);
    expect(reportError(new CommanderError(0, 'commander.helpDisplayed', ''))).toBe(EXIT.ok);
  });
});
