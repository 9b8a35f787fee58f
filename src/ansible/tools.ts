import { execa } from 'execa';
import { EXIT, UserError } from '../cli/exit-codes.js';

/** Runs an Ansible CLI tool; a missing or broken Ansible is exit 4 with the command to install it. */
export async function runAnsibleTool(
  tool: string,
  args: string[],
  opts: { env?: Record<string, string>; cwd?: string } = {},
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  try {
    const r = await execa(tool, args, {
      reject: false,
      env: { ANSIBLE_NOCOLOR: '1', ANSIBLE_DEPRECATION_WARNINGS: 'False', ...opts.env },
      cwd: opts.cwd,
      stdin: 'ignore',
    });
    if (r.failed && r.exitCode === undefined) throw r;
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode ?? 1 };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') {
      throw new UserError(`${tool} not found: install Ansible (Debian: apt-get install ansible-core)`, EXIT.ansible);
    }
    throw new UserError(`${tool} could not run: ${(err as Error).message.split('\n')[0]}`, EXIT.ansible);
  }
}

/** The last line Ansible printed as an error, without its `[WARNING]` noise. */
export function ansibleErrorLine(stderr: string): string {
  // Ansible wraps long warnings; the plugin's own parse error is the most useful line there is.
  const parseFailure = /Failed to parse (.+?)(?=\n\[|\n?$)/s.exec(stderr);
  if (parseFailure) return `failed to parse ${parseFailure[1].replace(/\s+/g, ' ').trim()}`;
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const err = lines.find((l) => l.startsWith('ERROR!')) ?? lines.find((l) => !l.startsWith('[WARNING]')) ?? lines[0] ?? '';
  return err.replace(/^ERROR!\s*/, '');
}
