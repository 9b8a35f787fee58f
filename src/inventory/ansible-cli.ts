import { spawn, type ChildProcess } from 'node:child_process';
import { EXIT, UserError } from '../core/exit-codes.js';
import { childEnv } from '../core/child-env.js';
import { signalGroup, trackGroup, untrackGroup } from '../core/process-groups.js';

export interface ToolResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ToolOptions {
  env?: Record<string, string>;
  cwd?: string;
}

/** How long a tool may take, and what stops it earlier (SIGINT/SIGTERM to fleet-diag). */
export interface ToolBounds {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Says what to change when the time is up (e.g. "--inventory-timeout"). */
  timeoutHint?: string;
}

/** Time the group gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 2000;

/** Tools started ahead of need (startAnsibleTool), by their exact command. */
const started = new Map<string, { result: Promise<ToolResult>; child: ChildProcess }>();
const keyOf = (tool: string, args: string[], opts: ToolOptions) => JSON.stringify([tool, args, opts.env ?? {}, opts.cwd ?? '']);

/**
 * Starts an Ansible tool now, so that its start-up (a Python interpreter importing Ansible,
 * ~0.4 s) overlaps ours; runAnsibleTool with the same arguments later takes its result.
 * Never throws: errors wait for whoever takes the result.
 */
export function startAnsibleTool(tool: string, args: string[], opts: ToolOptions = {}): void {
  const key = keyOf(tool, args, opts);
  if (started.has(key)) return;
  const { result, child } = spawnTool(tool, args, opts);
  result.catch(() => {}); // not taken: nobody to tell
  started.set(key, { result, child });
}

/**
 * Kills the tools started ahead and never taken: a run that stopped early (a usage error, an
 * inventory named only in the config file) must not wait for a slow dynamic inventory.
 */
export function stopStartedTools(): void {
  for (const { child } of started.values()) stopChild(child);
  started.clear();
}

/** Runs an Ansible CLI tool; a missing or broken Ansible is exit 4 with the command to install it. */
export function runAnsibleTool(tool: string, args: string[], opts: ToolOptions = {}, bounds: ToolBounds = {}): Promise<ToolResult> {
  const key = keyOf(tool, args, opts);
  const early = started.get(key);
  if (early !== undefined) started.delete(key);
  return bounded(tool, early ?? spawnTool(tool, args, opts), bounds);
}

/**
 * The tool's result, unless the signal fires or the time runs out first: then its whole process
 * group (a dynamic inventory script too) gets SIGTERM, SIGKILL 2 s later, and the result is an
 * error saying which (interrupted: exit 130; out of time: exit 3, naming the flag).
 */
function bounded(tool: string, run: { result: Promise<ToolResult>; child: ChildProcess }, b: ToolBounds): Promise<ToolResult> {
  if (!b.signal && !b.timeoutMs) return run.result;
  return new Promise<ToolResult>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const settle = (fn: () => void) => {
      clearTimeout(timer);
      b.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => settle(() => {
      stopChild(run.child);
      reject(new UserError(`interrupted while ${tool} ran (stopped)`, EXIT.interrupted));
    });
    if (b.signal?.aborted) return onAbort();
    b.signal?.addEventListener('abort', onAbort, { once: true });
    if (b.timeoutMs) {
      timer = setTimeout(() => settle(() => {
        stopChild(run.child);
        reject(new UserError(`${tool} gave no answer in ${seconds(b.timeoutMs!)}: stopped (a hung dynamic inventory?)${b.timeoutHint ? `; ${b.timeoutHint} to wait longer` : ''}`, EXIT.usage));
      }), b.timeoutMs);
      timer.unref();
    }
    run.result.then((r) => settle(() => resolve(r)), (err) => settle(() => reject(err)));
  });
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);

/** Ends a tool and what it started: its group gets SIGTERM, then SIGKILL. */
function stopChild(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const pid = child.pid;
  signalGroup(pid, 'SIGTERM');
  const kill = setTimeout(() => signalGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
  kill.unref();
  child.once('exit', () => {
    // The tool is gone; what it started may not be.
    signalGroup(pid, 'SIGKILL');
    clearTimeout(kill);
  });
}

/** A large dynamic inventory is still one JSON document; past this it is refused. */
const MAX_OUTPUT = 1 << 30;

function spawnTool(tool: string, args: string[], opts: ToolOptions): { result: Promise<ToolResult>; child: ChildProcess } {
  // spawn, not execFile: execFile drops `detached`, and the tool needs its own process group so a
  // stop reaches a dynamic inventory script it runs.
  const child = spawn(tool, args, {
    env: childEnv({ ANSIBLE_NOCOLOR: '1', ANSIBLE_DEPRECATION_WARNINGS: 'False', ...opts.env }),
    cwd: opts.cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) trackGroup(child.pid);
  const result = new Promise<ToolResult>((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    const take = (into: Buffer[]) => (d: Buffer) => {
      size += d.length;
      if (size > MAX_OUTPUT) {
        if (!tooBig && child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
        tooBig = true;
        return;
      }
      into.push(d);
    };
    child.stdout!.on('data', take(out));
    child.stderr!.on('data', take(err));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) untrackGroup(child.pid);
      if (e.code === 'ENOENT') reject(new UserError(`${tool} not found: install Ansible (Debian: apt-get install ansible-core)`, EXIT.ansible));
      else reject(new UserError(`${tool} could not run: ${e.message.split('\n')[0]}`, EXIT.ansible));
    });
    child.on('close', (code, signal) => {
      if (child.pid !== undefined) untrackGroup(child.pid);
      if (tooBig) return reject(new UserError(`${tool} printed more than ${MAX_OUTPUT / 2 ** 20} MB: refused`, EXIT.ansible));
      const stdout = trimEnd(Buffer.concat(out).toString('utf8'));
      const stderr = trimEnd(Buffer.concat(err).toString('utf8'));
      if (code !== null) return resolve({ stdout, stderr, exitCode: code });
      reject(new UserError(`${tool} could not run: killed by ${signal}`, EXIT.ansible));
    });
  });
  return { result, child };
}

/** execa trimmed the final newline; callers split lines and parse JSON either way. */
const trimEnd = (s: string) => (s.endsWith('\n') ? s.slice(0, -1) : s);

/** The last line Ansible printed as an error, without its `[WARNING]` noise. */
export function ansibleErrorLine(stderr: string): string {
  // Ansible wraps long warnings; the plugin's own parse error is the most useful line there is.
  const parseFailure = /Failed to parse (.+?)(?=\n\[|\n?$)/s.exec(stderr);
  if (parseFailure) return `failed to parse ${parseFailure[1].replace(/\s+/g, ' ').trim()}`;
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const err = lines.find((l) => l.startsWith('ERROR!')) ?? lines.find((l) => !l.startsWith('[WARNING]')) ?? lines[0] ?? '';
  return err.replace(/^ERROR!\s*/, '');
}
