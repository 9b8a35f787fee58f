// ansible-playbook started ahead of need (launcher/fleet_diag_launcher.py): between two runs of a
// watch or gate, a Python process imports ansible-playbook's CLI with the next run's ansible.cfg
// and environment (~0.5 s of a warm iteration's 0.8 s start) and waits on stdin for its argv.
// A run takes it only if the config and environment are byte for byte those it started with;
// otherwise it is killed and ansible-playbook starts cold. It never outlives its owner: killed
// when the watch or gate closes its keeper, and it exits by itself when its stdin closes (so
// also when fleet-diag dies).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../../core/package-root.js';
import { signalGroup, trackGroup, untrackGroup } from '../../core/process-groups.js';
import { childEnv } from '../../core/child-env.js';
import { onPath } from '../../core/on-path.js';

/** The launcher's exit code when what a run asks for is not what it started with. */
export const LAUNCHER_MISMATCH = 86;
/** Variables a run may set differently from the launcher's start: read only when the run loads our callback. */
export const PER_RUN_ENV = ['FLEET_DIAG_EVENTS', 'FLEET_DIAG_GATE'] as const;

const SCRIPT = fromRoot('src', 'executors', 'ansible', 'launcher', 'fleet_diag_launcher.py');

/** The Python that runs ansible-playbook (its `#!` line), when the script is the usual entry point; else null. */
export function playbookPython(env: Record<string, string | undefined> = process.env): string | null {
  const file = onPath('ansible-playbook', env);
  if (file === null) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8').slice(0, 4096);
  } catch {
    return null;
  }
  // Only the entry point pip and Debian install: a wrapper may do more than import the CLI.
  if (!/from ansible\.cli\.playbook import main/.test(text)) return null;
  const m = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(text);
  if (!m) return null;
  if (path.basename(m[1]) === 'env') return m[2] && !m[2].startsWith('-') ? onPath(m[2], env) : null;
  return m[1];
}

const stable = (env: Record<string, string>) => JSON.stringify(Object.entries(env).filter(([k]) => !(PER_RUN_ENV as readonly string[]).includes(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** One launcher waiting for its run. */
export class PreparedLauncher {
  /** What it wrote before its run (warnings at import): handed to the run's log. */
  readonly early: Buffer[] = [];
  private exited = false;
  private readonly stableEnv: string;

  private constructor(readonly child: ChildProcess, env: Record<string, string>, readonly cfgText: string) {
    this.stableEnv = stable(env);
    const keep = (d: Buffer) => this.early.push(d);
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('exit', () => {
      this.exited = true;
      if (child.pid !== undefined) untrackGroup(child.pid);
    });
    child.on('error', () => {
      this.exited = true;
    });
  }

  /** Starts a launcher with our environment (less FLEET_DIAG_*) plus `extra`; null when ansible-playbook's Python cannot be told. */
  static start(extra: Record<string, string>, cfgText: string): PreparedLauncher | null {
    const env = childEnv(extra);
    const python = playbookPython(env);
    if (!python || !existsSync(SCRIPT)) return null;
    const child = spawn(python, [SCRIPT], { env: childEnv(extra), detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    if (child.pid === undefined) return null;
    trackGroup(child.pid);
    // A launcher waiting between runs holds nothing up: not the event loop, not an exit.
    child.unref();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    (child.stderr as unknown as { unref?: () => void }).unref?.();
    child.stdin!.on('error', () => {});
    return new PreparedLauncher(child, env, cfgText);
  }

  /** Whether a run with this environment and config may take it. */
  fits(env: Record<string, string>, cfgText: string): boolean {
    return !this.exited && cfgText === this.cfgText && stable(env) === this.stableEnv;
  }

  /** Hands it the run: from now on it is that run's ansible-playbook (the caller owns the child). */
  go(args: string[], cwd: string, env: Record<string, string>): ChildProcess {
    this.child.ref();
    this.child.stdout!.removeAllListeners('data');
    this.child.stderr!.removeAllListeners('data');
    for (const s of [this.child.stdout, this.child.stderr] as unknown as { ref?: () => void }[]) s.ref?.();
    this.child.stdin!.end(`${JSON.stringify({ args, cwd, env, perRun: PER_RUN_ENV })}\n`);
    return this.child;
  }

  /** Ends it (its whole group) without a run. */
  kill(): void {
    if (this.exited || this.child.pid === undefined) return;
    this.child.stdin!.destroy();
    signalGroup(this.child.pid, 'SIGKILL');
  }
}

/**
 * The one launcher a watch or gate keeps for its next run. `take` hands it over (or null), so a
 * launcher serves one run only; `close` kills one still waiting.
 */
export class LauncherSlot {
  private waiting: PreparedLauncher | null = null;
  private closed = false;

  /** Starts the next run's launcher (environment: ours less FLEET_DIAG_*, plus `extra`). */
  prepare(extra: Record<string, string>, cfgText: string): void {
    if (this.closed) return;
    this.waiting?.kill();
    this.waiting = PreparedLauncher.start(extra, cfgText);
  }

  take(): PreparedLauncher | null {
    const l = this.waiting;
    this.waiting = null;
    return l;
  }

  close(): void {
    this.closed = true;
    this.waiting?.kill();
    this.waiting = null;
  }
}
