import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { CollectSettings } from '../plan/plan.js';
import { capturesArg } from '../plan/captures.js';
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
  /** On-demand profiles after the samples, as the collector reads them (`heap,cpu=10`); '' for none. */
  captures: string;
  /** Seconds one Delve attach may take, for hosts that allow it (0: never attach). */
  attachS: number;
}

export function collectorSettings(c: CollectSettings): CollectorSettings {
  const intervalS = Math.max(0, Math.round(c.intervalMs / 1000));
  const timeoutS = Math.max(1, Math.round(c.timeoutMs / 1000));
  // The sampling window plus every fetch's timeout, plus slack: the same formula as fd_budget.
  // Fetches: goroutines and MemStats per sample; debug=2 at the first and the last; the binary
  // profile and goroutineleak at the last. Each capture records for its seconds plus a timeout.
  const captures = c.captures ?? [];
  // A Delve attach per sample, when allowed, is bounded by its own limit (+2 s for the kill).
  const attachS = c.attachTimeoutMs ? Math.max(1, Math.round(c.attachTimeoutMs / 1000)) : 0;
  const budgetS = (c.samples - 1) * intervalS + (2 * c.samples + 4) * timeoutS + captures.reduce((s, x) => s + x.seconds + timeoutS, 0) + (attachS > 0 ? c.samples * (attachS + 2) : 0) + 5;
  return { samples: c.samples, intervalS, timeoutS, cap: c.debug2Cap, full: c.fullStacks ? 1 : 0, budgetS, captures: capturesArg(captures), attachS };
}

/** The node-side collector script, shared with the Ansible role. */
export async function loadCollectorScript(): Promise<string> {
  return readFile(fromRoot('roles', 'goroutine_snapshot', 'files', 'collect.sh'), 'utf8');
}

/**
 * The name of one run's collector on one host: `[A-Za-z0-9_-]` only, unique per run and host.
 * The node-side processes carry it (`fleet-diag-collector:TAG`), and so do the spool file
 * (`~/.fleet-diag/TAG`) and the work directory (`$TMPDIR/fleet-diag.TAG.*`), so that stopping a
 * run touches only what that run started, never another run's collector on the same host.
 */
export function collectorTag(runId: string, host: string): string {
  return `${runId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60)}-${createHash('sha256').update(host).digest('hex').slice(0, 12)}`;
}

/** `$0` of the collector's shell: what the stop script's `pgrep -f` finds (roles/goroutine_snapshot/vars/main.yml builds the same). */
export function collectorName(tag?: string): string {
  return tag ? `fleet-diag-collector:${tag}` : 'fleet-diag-collector';
}

/** Which run the collector belongs to: its tag, and whether it also spools its output on the node. */
export interface CollectorRunName {
  tag: string;
  /** Keep the output in ~/.fleet-diag/TAG while it runs (the Ansible path fetches it after a stop). */
  spool: boolean;
}

/**
 * argv of one bounded collector run: `timeout -k 5 BUDGET sh -c SCRIPT fleet-diag-collector:TAG URL
 * SAMPLES INTERVAL TIMEOUT CAP FULL PROCESS [SPOOL [CAPTURES [ATTACH]]]` (SPOOL names the spool
 * file, '' for none; CAPTURES lists on-demand profiles; ATTACH the seconds a Delve attach may take
 * on a host that allows it). With a
 * tag, SCRIPT starts with the line `# fleet-diag-collector:TAG`, so the name is within the first
 * bytes of every command line that holds the script (procps 3.3's `pgrep -f` reads only 4 KB).
 */
export function collectorArgv(script: string, target: Pick<HostTarget, 'pprofUrl' | 'process' | 'attach'>, s: CollectorSettings, run?: CollectorRunName): string[] {
  const attach = target.attach && s.attachS > 0 ? String(s.attachS) : '';
  return [
    'timeout', '-k', '5', String(s.budgetS),
    'sh', '-c', run ? `# ${collectorName(run.tag)}\n${script}` : script, collectorName(run?.tag),
    target.pprofUrl, String(s.samples), String(s.intervalS), String(s.timeoutS), String(s.cap), String(s.full), target.process,
    ...(run?.spool || s.captures || attach ? [run?.spool ? run.tag : ''] : []),
    ...(s.captures || attach ? [s.captures] : []),
    ...(attach ? [attach] : []),
  ];
}

/** The same, as one command line for the remote login shell, every word single-quoted. */
export function collectorCommand(script: string, target: Pick<HostTarget, 'pprofUrl' | 'process' | 'attach'>, s: CollectorSettings, run?: CollectorRunName): string {
  return shellCommand(collectorArgv(script, target, s, run));
}

/** The node-side stop script (roles/goroutine_snapshot/files/stop.sh). */
export async function loadStopScript(): Promise<string> {
  return readFile(fromRoot('roles', 'goroutine_snapshot', 'files', 'stop.sh'), 'utf8');
}

/**
 * The command that ends one run's collector on a node (and Ansible's async wrapper around it),
 * removes what it left there, and prints what it had spooled: the collector of any other run, on
 * the same host at the same time, is never touched.
 */
export function stopCommand(stopScript: string, tag: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(tag)) throw new Error(`not a collector tag: ${tag}`);
  return shellCommand(['sh', '-c', stopScript, 'fleet-diag-stop', tag]);
}
