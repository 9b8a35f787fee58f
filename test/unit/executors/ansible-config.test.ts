import { describe, expect, it } from 'vitest';
import { ansibleConfig } from '../../../src/executors/ansible/config.js';

describe('the run\'s ansible.cfg (issue 20: Ansible\'s own overhead)', () => {
  const cfg = ansibleConfig({ forks: 20, controlPathDir: '/tmp/x', connectTimeout: 10, persist: false });
  const defaults = cfg.slice(cfg.indexOf('[defaults]'), cfg.indexOf('[inventory]'));
  it('polls for results every 50 ms, not every 1 ms (each pass builds a Jinja environment)', () => {
    expect(defaults).toMatch(/^internal_poll_interval = 0\.05$/m);
  });
  it('runs vars plugins once after the inventory is read, not in every get_vars', () => {
    expect(defaults).toMatch(/^run_vars_plugins = start$/m);
  });
  it('keeps facts off and forks at the batch size', () => {
    expect(defaults).toMatch(/^gathering = explicit$/m);
    expect(defaults).toMatch(/^forks = 20$/m);
  });
});
