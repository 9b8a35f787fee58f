import { execFile, type ChildProcess } from 'node:child_process';
import { EXIT, UserError } from '../core/exit-codes.js';
import { childEnv } from '../core/child-env.js';

export interface ToolResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

interface ToolOptions {
  env?: Record<string, string>;
  cwd?: string;
}

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
  for (const { child } of started.values()) if (child.exitCode === null && child.signalCode === null) child.kill();
  started.clear();
}

/** Runs an Ansible CLI tool; a missing or broken Ansible is exit 4 with the command to install it. */
export function runAnsibleTool(tool: string, args: string[], opts: ToolOptions = {}): Promise<ToolResult> {
  const key = keyOf(tool, args, opts);
  const early = started.get(key);
  if (early !== undefined) {
    started.delete(key);
    return early.result;
  }
  return spawnTool(tool, args, opts).result;
}

function spawnTool(tool: string, args: string[], opts: ToolOptions): { result: Promise<ToolResult>; child: ChildProcess } {
  let child!: ChildProcess;
  const result = new Promise<ToolResult>((resolve, reject) => {
    child = execFile(
      tool,
      args,
      {
        env: childEnv({ ANSIBLE_NOCOLOR: '1', ANSIBLE_DEPRECATION_WARNINGS: 'False', ...opts.env }),
        cwd: opts.cwd,
        maxBuffer: 1 << 30, // a large dynamic inventory is still one JSON document
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (err === null) return resolve({ stdout: trimEnd(stdout), stderr: trimEnd(stderr), exitCode: 0 });
        const code = (err as NodeJS.ErrnoException).code;
        if (typeof code === 'number') return resolve({ stdout: trimEnd(stdout), stderr: trimEnd(stderr), exitCode: code });
        if (code === 'ENOENT') {
          return reject(new UserError(`${tool} not found: install Ansible (Debian: apt-get install ansible-core)`, EXIT.ansible));
        }
        const why = err.signal ? `killed by ${err.signal}` : (err.message.split('\n')[0] ?? String(code));
        reject(new UserError(`${tool} could not run: ${why}`, EXIT.ansible));
      },
    );
    child.stdin?.end();
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
