import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { EXIT, UserError } from '../../core/exit-codes.js';
import { childEnv } from '../../core/child-env.js';
import { signalGroup, trackGroup, untrackGroup } from '../../core/process-groups.js';
import { LAUNCHER_MISMATCH, type PreparedLauncher } from './launcher.js';

export interface PlaybookRun {
  /** Resolves with ansible-playbook's exit code (informational only: hosts are judged from events). */
  done: Promise<{ exitCode: number | null; signal: string | null }>;
  /** Stop in stages: SIGINT (Ansible's own graceful stop), then TERM, then KILL to the whole group. */
  stop(reason: string): Promise<void>;
  /** Kill the whole group now (a second interrupt); resolves once ansible-playbook is gone. */
  kill(): Promise<void>;
}

export interface PlaybookArgs {
  cwd: string;
  inventory: string;
  playbook: string;
  extravarsFile: string;
  limitFile: string;
  forks: number;
  env: Record<string, string>;
  logFile: string;
  /** Also copy Ansible's human output to our stderr. */
  echo?: (chunk: string | Uint8Array) => void;
  graceMs?: number;
  /** ansible-playbook started ahead (a watch's or gate's), taken if it fits this run, else killed. */
  launcher?: PreparedLauncher | null;
  /** The text of the ansible.cfg that ANSIBLE_CONFIG names: a launcher fits only if it started with the same. */
  cfgText?: string;
}

/** Builds the command line; kept apart from running it (ansible-runner's split). */
export function playbookCommand(a: PlaybookArgs): string[] {
  return ['-i', a.inventory, a.playbook, '-e', `@${a.extravarsFile}`, '--limit', `@${a.limitFile}`, '-f', String(a.forks)];
}

export function startPlaybook(a: PlaybookArgs): PlaybookRun {
  const log = createWriteStream(a.logFile, { flags: 'a' });
  // A log that cannot be written (disk full, directory removed) must not crash the run: events decide.
  log.on('error', () => {});
  const args = playbookCommand(a);
  // What ansible-playbook runs with (the cold start below builds the same): a launcher must have started with it.
  const env = childEnv({ ANSIBLE_NOCOLOR: '1', PYTHONUNBUFFERED: '1', ...a.env });
  let child: ChildProcess;
  let exited = false;
  /** Output, the child tracked as a group, and its exit: the same for a cold start and a launcher. */
  const watch = (c: ChildProcess) => {
    child = c;
    exited = false;
    if (c.pid !== undefined) trackGroup(c.pid);
    const out = (d: Buffer) => {
      log.write(d);
      a.echo?.(d);
    };
    c.stdout?.on('data', out);
    c.stderr?.on('data', out);
    return new Promise<{ exitCode: number | null; signal: string | null; printed: boolean }>((resolve, reject) => {
      let printed = false;
      c.stdout?.once('data', () => (printed = true));
      c.stderr?.once('data', () => (printed = true));
      c.once('error', (err: NodeJS.ErrnoException) => {
        exited = true;
        if (c.pid !== undefined) untrackGroup(c.pid);
        if (err.code === 'ENOENT') reject(new UserError('ansible-playbook not found: install Ansible (Debian: apt-get install ansible-core)', EXIT.ansible));
        else reject(new UserError(`ansible-playbook could not start: ${err.message}`, EXIT.ansible));
      });
      c.once('close', (code, signal) => {
        exited = true;
        if (c.pid !== undefined) untrackGroup(c.pid);
        resolve({ exitCode: code, signal, printed });
      });
    });
  };
  // its own process group (detached): a staged stop reaches ssh children too. Node would not end
  // a detached child when it exits: trackGroup does.
  const cold = () => watch(spawn('ansible-playbook', args, { cwd: a.cwd, env: childEnv({ ANSIBLE_NOCOLOR: '1', PYTHONUNBUFFERED: '1', ...a.env }), stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
  let stopped = false;
  let result: ReturnType<typeof watch>;
  const launcher = a.launcher ?? null;
  if (launcher && a.cfgText !== undefined && launcher.fits(env, a.cfgText)) {
    for (const d of launcher.early) log.write(d);
    // The launcher refuses (exit LAUNCHER_MISMATCH, nothing printed) when the config or the
    // environment changed under it: then a cold start after all.
    result = watch(launcher.go(args, a.cwd, env)).then((r) => (r.exitCode === LAUNCHER_MISMATCH && !r.printed && !stopped ? cold() : r));
  } else {
    launcher?.kill();
    result = cold();
  }
  const done = result.then(
    (r) => {
      log.end();
      return { exitCode: r.exitCode, signal: r.signal };
    },
    (err) => {
      log.end();
      throw err;
    },
  );
  const grace = a.graceMs ?? 5000;
  let killed = false;
  const signalPlaybook = (sig: NodeJS.Signals) => {
    if (exited || child.pid === undefined) return;
    signalGroup(child.pid, sig);
  };
  const waitExit = (ms: number) => Promise.race([done.then(() => true, () => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
  return {
    done,
    async stop() {
      stopped = true;
      for (const sig of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
        if (killed) break;
        signalPlaybook(sig);
        if (await waitExit(grace)) return;
      }
      await waitExit(grace);
    },
    async kill() {
      stopped = true;
      killed = true;
      signalPlaybook('SIGKILL');
      await waitExit(grace);
    },
  };
}
