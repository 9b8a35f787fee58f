import { describe, expect, it } from 'vitest';
import { RAW_WINDOW_MAX_S, roleTasksFor } from '../../../src/executors/ansible/window-mode.js';
import { collectorSettings } from '../../../src/collect/collector-command.js';

describe('raw or async sampling window (Ansible executor)', () => {
  it('runs one sample and windows up to the bound as one raw command', () => {
    expect(roleTasksFor({ samples: 1, intervalS: 3600 })).toBe('oneshot');
    // The defaults (3 samples, 5 s apart): a 10 s window.
    expect(roleTasksFor(collectorSettings({ samples: 3, intervalMs: 5000, timeoutMs: 20_000, debug2Cap: 10_000, fullStacks: false }))).toBe('oneshot');
    expect(roleTasksFor({ samples: 2, intervalS: RAW_WINDOW_MAX_S })).toBe('oneshot');
  });
  it('runs a longer window as an async job', () => {
    expect(roleTasksFor({ samples: 2, intervalS: RAW_WINDOW_MAX_S + 1 })).toBe('window');
    expect(roleTasksFor({ samples: 13, intervalS: 6 })).toBe('window');
    expect(roleTasksFor({ samples: 3, intervalS: 10 }, 5)).toBe('window');
  });
});
