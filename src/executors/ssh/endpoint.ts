import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HostVars } from '../../inventory/read.js';
import { splitShellWords, sshOptions } from './ssh-args.js';
import { expandTokens, userSshConfig, type SshConfig } from './ssh-config.js';

/** The identity files ssh(1) tries when none is named (ssh_config(5) IdentityFile). */
const DEFAULT_KEYS = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_dsa'];

const truthy = (v: unknown) => v === true || (typeof v === 'string' && /^(true|yes|on|1)$/i.test(v.trim())) || v === 1;

/** How to reach one host, read from its inventory variables (as `ansible-inventory --list` gives them). */
export type Endpoint =
  | {
      kind: 'ssh';
      host: string;
      address: string;
      port: number;
      user: string;
      /** Keys to offer, in order: the inventory's or ~/.ssh/config's, else ssh's default files that exist. */
      privateKeyFiles: string[];
      /** The key files were named (inventory or ~/.ssh/config): one that cannot be read is an error, not skipped. */
      keysNamed: boolean;
      password: string | null;
      agent: string | null;
      /** ansible_become: the collector runs under `sudo -n -u USER` (no password prompt). */
      become: { user: string } | null;
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

export function endpointFor(host: string, vars: HostVars, sshConfig: SshConfig = userSshConfig()): Endpoint {
  const unsupported = (error: string): Endpoint => ({ kind: 'unsupported', host, error: `${error} (use --executor ansible for this host)` });
  const used = ['ansible_connection', 'ansible_host', 'ansible_ssh_host', 'ansible_port', 'ansible_ssh_port', 'ansible_user', 'ansible_ssh_user',
    'ansible_ssh_private_key_file', 'ansible_private_key_file', 'ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password', 'ansible_ssh_common_args', 'ansible_ssh_extra_args',
    'ansible_become', 'ansible_become_method', 'ansible_become_user'];
  for (const name of used) {
    const v = vars[name];
    if (typeof v === 'string' && /\{\{|\{%/.test(v)) return unsupported(`${name} is a Jinja template that only Ansible can render`);
  }
  const connection = (text(vars, 'ansible_connection')?.value ?? 'ssh').replace(/^ansible\.(builtin|legacy)\./, '');
  if (connection === 'local') return { kind: 'local', host };
  if (!SSH_CONNECTIONS.has(connection)) return unsupported(`ansible_connection=${connection} is not supported by the ssh executor`);

  const words = [text(vars, 'ansible_ssh_common_args')?.value ?? '', text(vars, 'ansible_ssh_extra_args')?.value ?? ''].flatMap(splitShellWords);
  const opts = sshOptions(words);
  // The name Ansible hands to ssh, which ~/.ssh/config's Host patterns match.
  const sshName = text(vars, 'ansible_host', 'ansible_ssh_host')?.value ?? host;
  const cfg = sshConfig.forHost(sshName);
  const first = (k: string) => opts.get(k)?.[0];
  const fromCfg = (k: string) => cfg.get(k)?.[0];
  for (const k of ['proxyjump', 'proxycommand']) {
    const v = first(k) ?? fromCfg(k);
    const where = first(k) !== undefined ? 'ansible_ssh_*_args' : '~/.ssh/config';
    if (v && v.toLowerCase() !== 'none') return unsupported(`${k === 'proxyjump' ? 'ProxyJump' : 'ProxyCommand'} in ${where} is not supported by the ssh executor`);
  }

  const cfgHostName = fromCfg('hostname');
  const address = first('hostname') ?? (cfgHostName ? expandTokens(cfgHostName, { host: sshName, user: '' }) : sshName);
  const portText = text(vars, 'ansible_port', 'ansible_ssh_port')?.value ?? first('port') ?? fromCfg('port') ?? '22';
  const port = /^\d{1,5}$/.test(portText.trim()) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) return unsupported(`ansible_port '${portText.slice(0, 40)}' is not a TCP port`);
  const user = text(vars, 'ansible_user', 'ansible_ssh_user')?.value ?? first('user') ?? fromCfg('user') ?? os.userInfo().username;
  const tokens = { host: address, user };

  // As ssh(1): a key named on the command line (Ansible's -i) comes first, then ~/.ssh/config's;
  // with none named, the default files that exist. The agent's keys are offered before all.
  const keyText = text(vars, 'ansible_ssh_private_key_file', 'ansible_private_key_file')?.value ?? first('identityfile');
  const named = [...(keyText ? [keyText] : []), ...(cfg.get('identityfile') ?? []).filter((f) => f.toLowerCase() !== 'none')]
    .map((f) => path.resolve(expandTokens(f, tokens)));
  const privateKeyFiles = named.length > 0 ? [...new Set(named)] : DEFAULT_KEYS.map((k) => path.join(os.homedir(), '.ssh', k)).filter((f) => existsSync(f));
  const identitiesOnly = /^yes$/i.test(first('identitiesonly') ?? fromCfg('identitiesonly') ?? '');

  // As ssh(1): the first value of an option wins; UserKnownHostsFile may list several files.
  const knownOpt = first('userknownhostsfile') ?? fromCfg('userknownhostsfile');
  const known = knownOpt === undefined ? undefined : splitShellWords(knownOpt).map((f) => expandTokens(f, tokens));
  const knownHostsFiles = known && known.length > 0 ? known.filter((f) => f.toLowerCase() !== 'none') : [path.join(os.homedir(), '.ssh', 'known_hosts')];

  let become: { user: string } | null = null;
  if (truthy(vars.ansible_become)) {
    const method = (text(vars, 'ansible_become_method')?.value ?? 'sudo').replace(/^ansible\.builtin\./, '');
    if (method !== 'sudo') return unsupported(`ansible_become_method=${method} is not supported by the ssh executor (only sudo)`);
    if (text(vars, 'ansible_become_password', 'ansible_become_pass', 'ansible_sudo_pass')) {
      return unsupported('ansible_become with a become password is not supported by the ssh executor (it runs sudo -n: passwordless sudo only)');
    }
    const becomeUser = text(vars, 'ansible_become_user')?.value ?? 'root';
    if (!/^[a-z_][a-z0-9_.-]*\$?$/i.test(becomeUser)) return unsupported(`ansible_become_user '${becomeUser.slice(0, 40)}' is not a user name`);
    become = { user: becomeUser };
  }
  return {
    kind: 'ssh',
    host,
    address,
    port,
    user,
    privateKeyFiles,
    keysNamed: named.length > 0,
    password: text(vars, 'ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password')?.value ?? null,
    agent: identitiesOnly ? null : process.env.SSH_AUTH_SOCK || null,
    knownHostsFiles,
    become,
  };
}
