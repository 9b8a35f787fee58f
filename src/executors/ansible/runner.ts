import { execa, type ResultPromise } from 'execa';
import { createWriteStream } from 'node:fs';
import { EXIT, UserError } from '../../core/exit-codes.js';
import { childEnv } from '../../core/child-env.js';
import { signalGroup, trackGroup, untrackGroup } from '../../core/process-groups.js';

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
}

/** Builds the command line; kept apart from running it (ansible-runner's split). */
export function playbookCommand(a: PlaybookArgs): string[] {
  return ['-i', a.inventory, a.playbook, '-e', `@${a.extravarsFile}`, '--limit', `@${a.limitFile}`, '-f', String(a.forks)];
}

export function startPlaybook(a: PlaybookArgs): PlaybookRun {
  const log = createWriteStream(a.logFile, { flags: 'a' });
  // A log that cannot be written (disk full, directory removed) must not crash the run: events decide.
  log.on('error', () => {});
  let child: ResultPromise;
  try {
    child = execa('ansible-playbook', playbookCommand(a), {
      cwd: a.cwd,
      extendEnv: false,
      env: childEnv({ ANSIBLE_NOCOLOR: '1', PYTHONUNBUFFERED: '1', ...a.env }),
      stdin: 'ignore',
      reject: false,
      detached: true, // its own process group: a staged stop reaches ssh children too
      cleanup: true,
      buffer: false,
    });
  } catch (err) {
    throw new UserError(`ansible-playbook could not start: ${(err as Error).message}`, EXIT.ansible);
  }
  // execa's `cleanup` does nothing for a detached child: a detached ansible-playbook would go on
  // collecting after fleet-diag is gone.
  if (child.pid !== undefined) trackGroup(child.pid);
  child.stdout?.on('data', (d: Buffer) => {
    log.write(d);
    a.echo?.(d);
  });
  child.stderr?.on('data', (d: Buffer) => {
    log.write(d);
    a.echo?.(d);
  });
  let exited = false;
  const done = child.then(
    (r) => {
      exited = true;
      if (child.pid !== undefined) untrackGroup(child.pid);
      log.end();
      const code = (r as { code?: string }).code;
      if (code === 'ENOENT') throw new UserError('ansible-playbook not found: install Ansible (Debian: apt-get install ansible-core)', EXIT.ansible);
      return { exitCode: r.exitCode ?? null, signal: r.signal ?? null };
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
      for (const sig of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
        if (killed) break;
        signalPlaybook(sig);
        if (await waitExit(grace)) return;
      }
      await waitExit(grace);
    },
    async kill() {
      killed = true;
      signalPlaybook('SIGKILL');
      await waitExit(grace);
    },
  };
}
