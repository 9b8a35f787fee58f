import { readFile } from 'node:fs/promises';
import { Client, type ConnectConfig } from 'ssh2';
import type { Endpoint } from './endpoint.js';
import type { HostKeyStore } from './host-keys.js';

type SshEndpoint = Extract<Endpoint, { kind: 'ssh' }>;

/** The host could not be reached or logged into; `message` is in OpenSSH's words where it has them. */
export class Unreachable extends Error {
  constructor(message: string, readonly hostKey = false) {
    super(message);
  }
}

/** Stopped by the caller's signal (run interrupted, or the host's time bound). */
export class Stopped extends Error {}

export interface ConnectOptions {
  keys: HostKeyStore;
  /** Bound for TCP connect, handshake and login. */
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * Opens one authenticated SSH connection with the host key checked against known_hosts
 * (keepalives as the Ansible path's ssh_args: every 5 s, 3 missed ends it).
 */
export async function openSsh(ep: SshEndpoint, o: ConnectOptions): Promise<Client> {
  if (o.signal.aborted) throw new Stopped('stopped before connecting');
  const check = await o.keys.prepare(ep);
  const auth = await authMethods(ep);
  const client = new Client();
  let keyProblem: string | null = null;
  const config: ConnectConfig = {
    host: ep.address,
    port: ep.port,
    username: ep.user,
    agent: ep.agent ?? undefined,
    // As ssh(1): the agent's keys, then each key file, then a password.
    authHandler: auth as NonNullable<ConnectConfig['authHandler']>,
    readyTimeout: o.timeoutMs,
    keepaliveInterval: 5000,
    keepaliveCountMax: 3,
    algorithms: { serverHostKey: check.algorithms as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] },
    hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
      check.verify(key).then(
        (r) => {
          if (!r.ok) keyProblem = r.reason;
          verify(r.ok);
        },
        (err: Error) => {
          keyProblem = `host key check failed: ${err.message}`;
          verify(false);
        },
      );
    },
  };
  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      o.signal.removeEventListener('abort', onAbort);
      if (err) {
        client.destroy();
        reject(err);
      } else resolve(client);
    };
    const onAbort = () => finish(new Stopped('stopped while connecting'));
    o.signal.addEventListener('abort', onAbort, { once: true });
    client.once('ready', () => finish(null));
    client.on('error', (err: Error & { code?: string; level?: string }) => finish(describeConnectError(err, ep, keyProblem)));
    client.once('close', () => finish(new Unreachable(`ssh: connect to host ${ep.address} port ${ep.port}: Connection closed by remote host`)));
    try {
      client.connect(config);
    } catch (err) {
      finish(describeConnectError(err as Error, ep, keyProblem));
    }
  });
}

type AuthMethod =
  | { type: 'agent'; username: string; agent: string }
  | { type: 'publickey'; username: string; key: Buffer }
  | { type: 'password'; username: string; password: string };

/**
 * What to offer the server, in ssh(1)'s order. A named key (inventory, ~/.ssh/config) that cannot
 * be read fails the host unless the agent or a password remains; a default one is just not offered.
 */
export async function authMethods(ep: SshEndpoint): Promise<AuthMethod[]> {
  const methods: AuthMethod[] = [];
  if (ep.agent) methods.push({ type: 'agent', username: ep.user, agent: ep.agent });
  const unreadable: string[] = [];
  for (const file of ep.privateKeyFiles) {
    try {
      methods.push({ type: 'publickey', username: ep.user, key: await readFile(file) });
    } catch (err) {
      unreadable.push(`${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  if (ep.password) methods.push({ type: 'password', username: ep.user, password: ep.password });
  if (methods.length === 0) {
    const why = unreadable.length > 0 && ep.keysNamed ? `cannot read private key ${unreadable.join(', ')}` : 'no key file, no ssh-agent (SSH_AUTH_SOCK) and no password to offer';
    throw new Unreachable(`${ep.user}@${ep.address}: ${why}: Permission denied (publickey)`);
  }
  return methods;
}

/** ssh2 and socket errors in OpenSSH's wording, which explainUnreachable turns into advice. */
export function describeConnectError(err: Error & { code?: string; level?: string }, ep: SshEndpoint, keyProblem: string | null): Unreachable {
  if (keyProblem) return new Unreachable(`SSH host key verification failed for ${ep.host}: ${keyProblem}`, true);
  const at = `ssh: connect to host ${ep.address} port ${ep.port}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return new Unreachable(`${at}: Connection refused`);
    case 'EHOSTUNREACH':
      return new Unreachable(`${at}: No route to host`);
    case 'ENETUNREACH':
      return new Unreachable(`${at}: Network is unreachable (No route to host)`);
    case 'ETIMEDOUT':
      return new Unreachable(`${at}: Connection timed out`);
    case 'ECONNRESET':
      return new Unreachable(`${at}: Connection reset by peer`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new Unreachable(`ssh: Could not resolve hostname ${ep.address}: Name or service not known`);
  }
  if (err.level === 'client-timeout' || /Timed out while waiting for handshake/i.test(err.message)) return new Unreachable(`${at}: Connection timed out during banner exchange`);
  if (err.level === 'client-authentication' && /All configured authentication methods failed/.test(err.message)) {
    return new Unreachable(`${ep.user}@${ep.address}: Permission denied (publickey${ep.password ? ',password' : ''}: tried ${[ep.agent ? 'the ssh-agent' : '', ...ep.privateKeyFiles, ep.password ? 'a password' : ''].filter(Boolean).join(', ')})`);
  }
  if (err.level === 'client-authentication') return new Unreachable(`${ep.user}@${ep.address}: Permission denied (${err.message})`);
  if (/private key|passphrase/i.test(err.message)) return new Unreachable(`${ep.user}@${ep.address}: Permission denied (cannot use private key ${ep.privateKeyFiles.join(', ')}: ${err.message}; load it into ssh-agent)`);
  return new Unreachable(`${at}: ${err.message}`);
}
