import { describe, expect, it } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { endpointFor } from '../../../src/executors/ssh/endpoint.js';
import { splitShellWords, sshOptions } from '../../../src/executors/ssh/ssh-args.js';

describe('ssh args from the inventory', () => {
  it('splits words as a shell would', () => {
    expect(splitShellWords(`-o UserKnownHostsFile=/a\\ b -o 'StrictHostKeyChecking yes' "-oX=\\"q\\""  `)).toEqual(['-o', 'UserKnownHostsFile=/a b', '-o', 'StrictHostKeyChecking yes', '-oX="q"']);
    expect(splitShellWords("''")).toEqual(['']);
    expect(splitShellWords('')).toEqual([]);
  });

  it('reads -o options in their three spellings and the short flags', () => {
    const o = sshOptions(['-o', 'UserKnownHostsFile=/k1', '-oGlobalKnownHostsFile=/dev/null', '-o', 'ProxyJump bastion', '-p', '2222', '-luser', '-i', '/id', '-v']);
    expect(o.get('userknownhostsfile')).toEqual(['/k1']);
    expect(o.get('globalknownhostsfile')).toEqual(['/dev/null']);
    expect(o.get('proxyjump')).toEqual(['bastion']);
    expect(o.get('port')).toEqual(['2222']);
    expect(o.get('user')).toEqual(['user']);
    expect(o.get('identityfile')).toEqual(['/id']);
  });
});

describe('endpoint from host vars', () => {
  const fleetVars = {
    ansible_host: '10.218.0.11',
    ansible_user: 'root',
    ansible_ssh_private_key_file: '/state/id_ed25519',
    ansible_ssh_common_args: '-o UserKnownHostsFile=/state/known_hosts -o StrictHostKeyChecking=yes -o GlobalKnownHostsFile=/dev/null',
  };

  it('takes address, port, user, key and known_hosts from the inventory', () => {
    expect(endpointFor('h1', { ...fleetVars, ansible_port: 2222 })).toMatchObject({
      kind: 'ssh', host: 'h1', address: '10.218.0.11', port: 2222, user: 'root', privateKeyFiles: ['/state/id_ed25519'], keysNamed: true, knownHostsFiles: ['/state/known_hosts'],
    });
    expect(endpointFor('h1', { ...fleetVars, ansible_ssh_extra_args: '-o "UserKnownHostsFile=~/k1 /k2"' })).toMatchObject({ knownHostsFiles: ['/state/known_hosts'] });
    expect(endpointFor('h1', { ansible_ssh_extra_args: '-o "UserKnownHostsFile=~/k1 /k2"' })).toMatchObject({ knownHostsFiles: [path.join(os.homedir(), 'k1'), '/k2'] });
  });

  it('falls back to the host name, port 22, the current user and ~/.ssh/known_hosts', () => {
    const e = endpointFor('web1', {});
    expect(e).toMatchObject({ kind: 'ssh', address: 'web1', port: 22, user: os.userInfo().username, knownHostsFiles: [path.join(os.homedir(), '.ssh', 'known_hosts')] });
  });

  it('runs local connections locally', () => {
    expect(endpointFor('localhost', { ansible_connection: 'local' })).toEqual({ kind: 'local', host: 'localhost' });
    expect(endpointFor('localhost', { ansible_connection: 'ansible.builtin.local' }).kind).toBe('local');
  });

  it('refuses what only Ansible can do, instead of connecting somewhere else', () => {
    const why = (vars: Record<string, unknown>) => {
      const e = endpointFor('h1', vars);
      return e.kind === 'unsupported' ? e.error : `not refused: ${e.kind}`;
    };
    expect(why({ ansible_connection: 'docker' })).toMatch(/ansible_connection=docker is not supported.*--executor ansible/);
    expect(why({ ansible_host: '{{ lookup("env", "X") }}' })).toMatch(/ansible_host is a Jinja template/);
    expect(why({ ansible_ssh_common_args: '-o ProxyJump=bastion' })).toMatch(/ProxyJump/);
    expect(why({ ansible_ssh_common_args: "-o ProxyCommand='ssh -W %h:%p b'" })).toMatch(/ProxyCommand/);
    expect(why({ ansible_port: '22; id' })).toMatch(/not a TCP port/);
    expect(why({ ansible_port: 70000 })).toMatch(/not a TCP port/);
    expect(endpointFor('h1', { ansible_ssh_common_args: '-o ProxyJump=none' }).kind).toBe('ssh');
  });
});
