import { readFile } from 'node:fs/promises';
import type { CollectSettings } from '../plan/plan.js';
import type { HostTarget } from '../plan/targets.js';
import { fromRoot } from '../core/package-root.js';
import { shellCommand } from './shell-quote.js';

// The one bounded command line that runs the node-side collector, for every executor: the Ansible
// path hands it to the role per host as !unsafe extra vars (rendering it here is ~40 ms of
// controller CPU per host cheaper than templating it in Jinja), the ssh path sends it itself.

/** The collector's settings in whole seconds, as roles/goroutine_snapshot gets them (src/ansible/playbook.ts). */
export interface CollectorSettings {
  samples: number;
  intervalS: number;
  timeoutS: number;
  cap: number;
  full: 0 | 1;
  /** Node-side bound for the whole collection (roles/goroutine_snapshot/vars/main.yml: fd_budget). */
  budgetS: number;
}

export function collectorSettings(c: CollectSettings): CollectorSettings {
  const intervalS = Math.max(0, Math.round(c.intervalMs / 1000));
  const timeoutS = Math.max(1, Math.round(c.timeoutMs / 1000));
  // The sampling window plus every fetch's timeout, plus slack: the same formula as fd_budget.
  const budgetS = (c.samples - 1) * intervalS + (c.samples + 2) * timeoutS + 5;
  return { samples: c.samples, intervalS, timeoutS, cap: c.debug2Cap, full: c.fullStacks ? 1 : 0, budgetS };
}

/** The node-side collector script, shared with the Ansible role. */
export async function loadCollectorScript(): Promise<string> {
  return readFile(fromRoot('roles', 'goroutine_snapshot', 'files', 'collect.sh'), 'utf8');
}

/**
 * argv of one bounded collector run: `timeout -k 5 BUDGET sh -c SCRIPT fleet-diag-collector URL
 * SAMPLES INTERVAL TIMEOUT CAP FULL PROCESS`. The `fleet-diag-collector` name is what
 * `pkill -f 'fleet-diag-[c]ollector'` finds.
 */
export function collectorArgv(script: string, target: Pick<HostTarget, 'pprofUrl' | 'process'>, s: CollectorSettings, spool?: string): string[] {
  return [
    'timeout', '-k', '5', String(s.budgetS),
    'sh', '-c', script, 'fleet-diag-collector',
    target.pprofUrl, String(s.samples), String(s.intervalS), String(s.timeoutS), String(s.cap), String(s.full), target.process,
    ...(spool ? [spool] : []),
  ];
}

/** The same, as one command line for the remote login shell, every word single-quoted. */
export function collectorCommand(script: string, target: Pick<HostTarget, 'pprofUrl' | 'process'>, s: CollectorSettings, spool?: string): string {
  return shellCommand(collectorArgv(script, target, s, spool));
}

/** Ends collectors left on a node (the bracket keeps pkill from matching its own command line). */
export const STOP_COLLECTORS = "pkill -f 'fleet-diag-[c]ollector'; true";
