import { constants } from 'node:os';
import { execa } from 'execa';
import { childEnv } from '../../core/child-env.js';
import type { Client } from 'ssh2';
import { MAX_OUTPUT } from '../../collect/limits.js';

/** What one collector run left, whichever way it ran. */
export interface CollectorRun {
  stdout: string;
  stderr: string;
  /** Exit status (128+N for a signal), or null when none arrived. */
  rc: number | null;
  /** The connection failed or closed before the command's end, or null. */
  lost: string | null;
  /** The caller's signal stopped it. */
  stopped: boolean;
  /** It printed more than MAX_OUTPUT: reading stopped there (the host failed; it is not unreachable). */
  overLimit?: boolean;
}

export { MAX_OUTPUT };
const MAX_STDERR = 64 * 1024;

function signalRc(signal: string | null | undefined): number | null {
  if (!signal) return null;
  const n = (constants.signals as Record<string, number>)[signal.startsWith('SIG') ? signal : `SIG${signal}`];
  return n ? 128 + n : null;
}

/** Runs one command line over an open connection (no pty: clean stdout, stderr apart). */
export function execRemote(client: Client, command: string, signal: AbortSignal, maxOutput = MAX_OUTPUT): Promise<CollectorRun> {
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let rc: number | null = null;
    let lost: string | null = null;
    let done = false;
    let overLimit = false;
    const finish = (stopped = false) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      client.removeListener('error', onError);
      client.removeListener('close', onClose);
      resolve({ stdout: overLimit ? '' : Buffer.concat(out).toString('utf8'), stderr: err, rc, lost, stopped, overLimit });
    };
    const onAbort = () => {
      client.destroy();
      finish(true);
    };
    const onError = (e: Error) => {
      lost ??= e.message;
    };
    const onClose = () => {
      lost ??= 'connection closed before the command ended';
      finish();
    };
    if (signal.aborted) return finish(true);
    signal.addEventListener('abort', onAbort, { once: true });
    client.on('error', onError);
    client.once('close', onClose);
    client.exec(command, (e, stream) => {
      if (e) {
        lost = `could not start the command: ${e.message}`;
        return finish();
      }
      stream.on('data', (b: Buffer) => {
        outBytes += b.length;
        if (outBytes > maxOutput) {
          overLimit = true;
          out.length = 0;
          stream.destroy();
          client.destroy();
          return finish();
        }
        out.push(b);
      });
      stream.stderr.on('data', (b: Buffer) => {
        if (err.length < MAX_STDERR) err += b.toString('utf8');
      });
      stream.on('exit', (code: number | null, sig?: string) => {
        rc = typeof code === 'number' ? code : signalRc(sig);
      });
      stream.on('close', () => finish());
    });
  });
}

/**
 * Runs the collector on this machine (ansible_connection=local): argv straight to execa, no shell
 * line to quote. A stop sends TERM to `timeout`, which passes it on to the collector's group.
 */
export async function execLocal(argv: string[], signal: AbortSignal, maxOutput = MAX_OUTPUT): Promise<CollectorRun> {
  const r = await execa(argv[0], argv.slice(1), {
    extendEnv: false,
    env: childEnv(),
    reject: false,
    stdin: 'ignore',
    cancelSignal: signal,
    forceKillAfterDelay: 5000,
    maxBuffer: { stdout: maxOutput, stderr: MAX_STDERR },
    stripFinalNewline: false,
  });
  const stopped = r.isCanceled || signal.aborted;
  let lost: string | null = null;
  // execa stops the process at either buffer's bound: stdout's, unless stderr is the one that is full.
  const overLimit = Boolean(r.isMaxBuffer) && String(r.stderr ?? '').length < MAX_STDERR;
  if (r.exitCode === undefined && !r.signal && !stopped && !r.isMaxBuffer) lost = `could not start ${argv[0]}: ${r.originalMessage ?? r.shortMessage}`;
  return { stdout: overLimit ? '' : String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), rc: r.exitCode ?? signalRc(r.signal), lost, stopped, overLimit };
}
