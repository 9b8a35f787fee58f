// Issue 12: the ssh executor read less than Ansible's path does: no ~/.ssh/config, one default key
// instead of the agent and the usual key files, no @cert-authority, ansible_become ignored.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { endpointFor, type Endpoint } from '../../../src/executors/ssh/endpoint.js';
import { parseSshConfig } from '../../../src/executors/ssh/ssh-config.js';
import { authMethods, Unreachable } from '../../../src/executors/ssh/connect.js';
import { withBecome } from '../../../src/executors/ssh/become.js';
import { HostKeyStore } from '../../../src/executors/ssh/host-keys.js';
import { explainUnreachable } from '../../../src/collect/judge-result.js';

type Ssh = Extract<Endpoint, { kind: 'ssh' }>;
const none = parseSshConfig('');
const ssh = (host: string, vars: Record<string, unknown>, cfg = none) => endpointFor(host, vars, cfg) as Ssh;

const CONFIG = `
# comment
Host web-* !web-9
  HostName %h.internal.example
  User deploy
  Port 2200
  IdentityFile ~/.ssh/fleet_ed25519
Host db1
  HostName 10.1.2.3
  IdentityFile /keys/db
  IdentitiesOnly yes
  UserKnownHostsFile /keys/known
Host bastioned
  ProxyJump jump.example
Host *
  User fallback
  IdentityFile /keys/common
`;

describe('~/.ssh/config', () => {
  const cfg = parseSshConfig(CONFIG);

  it('gives HostName, User, Port and IdentityFile where the inventory says nothing', () => {
    expect(ssh('web-1', {}, cfg)).toMatchObject({
      address: 'web-1.internal.example', user: 'deploy', port: 2200,
      privateKeyFiles: [path.join(os.homedir(), '.ssh/fleet_ed25519'), '/keys/common'], keysNamed: true,
    });
  });

  it('matches the name Ansible hands to ssh (ansible_host), and negated patterns', () => {
    expect(ssh('inventory-name', { ansible_host: 'db1' }, cfg)).toMatchObject({ address: '10.1.2.3', user: 'fallback', privateKeyFiles: ['/keys/db', '/keys/common'], agent: null, knownHostsFiles: ['/keys/known'] });
    expect(ssh('web-9', {}, cfg)).toMatchObject({ address: 'web-9', user: 'fallback', port: 22 });
  });

  it('loses to the inventory and to ansible_ssh_*_args', () => {
    expect(ssh('web-1', { ansible_user: 'ops', ansible_port: 22, ansible_ssh_private_key_file: '/inv/key' }, cfg)).toMatchObject({
      user: 'ops', port: 22, privateKeyFiles: ['/inv/key', path.join(os.homedir(), '.ssh/fleet_ed25519'), '/keys/common'],
    });
    expect(ssh('web-1', { ansible_ssh_common_args: '-o HostName=10.9.9.9 -o User=argsuser' }, cfg)).toMatchObject({ address: '10.9.9.9', user: 'argsuser' });
  });

  it('refuses a ProxyJump it cannot follow instead of connecting directly', () => {
    const e = endpointFor('bastioned', {}, cfg);
    expect(e.kind === 'unsupported' && e.error).toMatch(/ProxyJump in ~\/\.ssh\/config is not supported.*--executor ansible/);
  });

  it('says what it does not read', () => {
    expect(parseSshConfig('Include other.conf\nMatch host x\n  User y\n').notes).toEqual([
      'Include in ~/.ssh/config is not followed by the ssh executor',
      'Match blocks in ~/.ssh/config are not read by the ssh executor',
    ]);
    expect(parseSshConfig('Match host x\n  User y\n').forHost('x').get('user')).toBeUndefined();
  });
});

describe('keys and the agent', () => {
  it('offers the agent, then every key file, then a password', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-keys-'));
    writeFileSync(path.join(dir, 'a'), 'A');
    writeFileSync(path.join(dir, 'b'), 'B');
    const ep = { ...ssh('h', { ansible_password: 'pw' }), agent: '/run/agent.sock', privateKeyFiles: [path.join(dir, 'a'), path.join(dir, 'missing'), path.join(dir, 'b')] };
    const m = await authMethods(ep);
    expect(m.map((x) => x.type)).toEqual(['agent', 'publickey', 'publickey', 'password']);
    expect(m[1]).toMatchObject({ key: Buffer.from('A') });
  });

  it('a named key nobody can read, with no agent or password, is one clear line', async () => {
    const ep = { ...ssh('h', { ansible_ssh_private_key_file: '/nonexistent/key' }), agent: null };
    await expect(authMethods(ep)).rejects.toThrow(Unreachable);
    await expect(authMethods(ep)).rejects.toThrow(/cannot read private key \/nonexistent\/key: ENOENT: Permission denied \(publickey\)/);
  });

  it('takes the agent from SSH_AUTH_SOCK unless IdentitiesOnly', () => {
    const before = process.env.SSH_AUTH_SOCK;
    process.env.SSH_AUTH_SOCK = '/tmp/agent.sock';
    try {
      expect(ssh('h', {}).agent).toBe('/tmp/agent.sock');
      expect(ssh('h', { ansible_ssh_common_args: '-o IdentitiesOnly=yes' }).agent).toBeNull();
    } finally {
      if (before === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = before;
    }
  });
});

describe('ansible_become', () => {
  it('runs the collector under sudo -n as the become user', () => {
    const ep = ssh('h', { ansible_become: true });
    expect(ep.become).toEqual({ user: 'root' });
    expect(withBecome("sh -c 'echo hi'", ep)).toBe(`sudo -n -H -u 'root' -- /bin/sh -c 'sh -c '\\''echo hi'\\'''`);
    expect(withBecome('x', ssh('h', { ansible_become: 'yes', ansible_become_user: 'app' }))).toMatch(/^sudo -n -H -u 'app' -- /);
    expect(withBecome('x', ssh('h', {}))).toBe('x');
    expect(withBecome('x', ssh('h', { ansible_become: false }))).toBe('x');
  });

  it('refuses what it cannot do as Ansible would', () => {
    const why = (vars: Record<string, unknown>) => {
      const e = endpointFor('h', vars, none);
      return e.kind === 'unsupported' ? e.error : 'accepted';
    };
    expect(why({ ansible_become: true, ansible_become_method: 'su' })).toMatch(/ansible_become_method=su is not supported/);
    expect(why({ ansible_become: true, ansible_become_password: 'x' })).toMatch(/passwordless sudo only/);
    expect(why({ ansible_become: true, ansible_become_user: 'a b' })).toMatch(/not a user name/);
  });
});

describe('host keys', () => {
  const ED = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
  it('a host trusted only through @cert-authority is named as such, never trusted on first sight', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-ca-'));
    const known = path.join(dir, 'known_hosts');
    writeFileSync(known, `@cert-authority *.example.com ssh-ed25519 ${ED}\n`);
    const store = new HostKeyStore(true);
    const check = await store.prepare({ host: 'web.example.com', address: 'web.example.com', port: 22, knownHostsFiles: [known] });
    const r = await check.verify(Buffer.from(ED, 'base64'));
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/trusted through @cert-authority \(.*known_hosts:1\), but the ssh executor cannot check host certificates: use --executor ansible/) });
  });

  it('a changed key (Ansible path) says it CHANGED and may be an interception, not "add the key"', () => {
    const msg = explainUnreachable('Failed to connect to the host via ssh: @@@ WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! @@@ Host key verification failed.');
    expect(msg).toMatch(/^SSH host key CHANGED: .*may be an interception \(man-in-the-middle\)/);
    expect(msg).not.toMatch(/add the key to known_hosts/);
    expect(explainUnreachable('Host key verification failed.')).toMatch(/add the key to known_hosts or use --accept-new-host-keys/);
  });
});
