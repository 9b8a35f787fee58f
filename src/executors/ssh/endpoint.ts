import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HostVars } from '../../inventory/read.js';
import { splitShellWords, sshOptions } from './ssh-args.js';

/** How to reach one host, read from its inventory variables (as `ansible-inventory --list` gives them). */
export type Endpoint =
  | {
      kind: 'ssh';
      host: string;
      address: string;
      port: number;
      user: string;
      privateKeyFile: string | null;
      password: string | null;
      agent: string | null;
      /** Where its key must be found (UserKnownHostsFile, else ~/.ssh/known_hosts). */
      knownHostsFiles: string[];
    }
  | { kind: 'local'; host: string }
  /** Something only Ansible can do for this host: say so instead of connecting somewhere else. */
  | { kind: 'unsupported'; host: string; error: string };

const SSH_CONNECTIONS = new Set(['ssh', 'smart', 'paramiko', 'paramiko_ssh']);

function text(vars: HostVars, ...names: string[]): { name: string; value: string } | null {
  for (const name of names) {
    const v = vars[name];
    if (v !== undefined && v !== null && v !== '') return { name, value: String(v) };
  }
  return null;
}

function expandHome(p: string): string {
  if (p === '~') return os.homedir();
  if (p.startsWith('~/')) return path.join(os.homedir(), p.slice(2));
  return p.replace(/%d/g, os.homedir());
}

export function endpointFor(host: string, vars: HostVars): Endpoint {
  const unsupported = (error: string): Endpoint => ({ kind: 'unsupported', host, error: `${error} (use --executor ansible for this host)` });
  const used = ['ansible_connection', 'ansible_host', 'ansible_ssh_host', 'ansible_port', 'ansible_ssh_port', 'ansible_user', 'ansible_ssh_user',
    'ansible_ssh_private_key_file', 'ansible_private_key_file', 'ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password', 'ansible_ssh_common_args', 'ansible_ssh_extra_args'];
  for (const name of used) {
    const v = vars[name];
    if (typeof v === 'string' && /\{\{|\{%/.test(v)) return unsupported(`${name} is a Jinja template that only Ansible can render`);
  }
  const connection = (text(vars, 'ansible_connection')?.value ?? 'ssh').replace(/^ansible\.(builtin|legacy)\./, '');
  if (connection === 'local') return { kind: 'local', host };
  if (!SSH_CONNECTIONS.has(connection)) return unsupported(`ansible_connection=${connection} is not supported by the ssh executor`);

  const words = [text(vars, 'ansible_ssh_common_args')?.value ?? '', text(vars, 'ansible_ssh_extra_args')?.value ?? ''].flatMap(splitShellWords);
  const opts = sshOptions(words);
  const first = (k: string) => opts.get(k)?.[0];
  for (const k of ['proxyjump', 'proxycommand']) {
    const v = first(k);
    if (v && v.toLowerCase() !== 'none') return unsupported(`${k === 'proxyjump' ? 'ProxyJump' : 'ProxyCommand'} in ansible_ssh_*_args is not supported by the ssh executor`);
  }

  const address = text(vars, 'ansible_host', 'ansible_ssh_host')?.value ?? first('hostname') ?? host;
  const portText = text(vars, 'ansible_port', 'ansible_ssh_port')?.value ?? first('port') ?? '22';
  const port = /^\d{1,5}$/.test(portText.trim()) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) return unsupported(`ansible_port '${portText.slice(0, 40)}' is not a TCP port`);
  const user = text(vars, 'ansible_user', 'ansible_ssh_user')?.value ?? first('user') ?? os.userInfo().username;

  const keyText = text(vars, 'ansible_ssh_private_key_file', 'ansible_private_key_file')?.value ?? first('identityfile');
  let privateKeyFile = keyText ? path.resolve(expandHome(keyText)) : null;
  if (!privateKeyFile) {
    privateKeyFile = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((k) => path.join(os.homedir(), '.ssh', k)).find((f) => existsSync(f)) ?? null;
  }
  // As ssh(1): the first value of an option wins; UserKnownHostsFile may list several files.
  const knownOpt = first('userknownhostsfile');
  const known = knownOpt === undefined ? undefined : splitShellWords(knownOpt).map(expandHome);
  const knownHostsFiles = known && known.length > 0 ? known.filter((f) => f.toLowerCase() !== 'none') : [path.join(os.homedir(), '.ssh', 'known_hosts')];
  return {
    kind: 'ssh',
    host,
    address,
    port,
    user,
    privateKeyFile,
    password: text(vars, 'ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password')?.value ?? null,
    agent: process.env.SSH_AUTH_SOCK || null,
    knownHostsFiles,
  };
}
