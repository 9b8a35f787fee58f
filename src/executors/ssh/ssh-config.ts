// ~/.ssh/config, the part the Ansible path gets from ssh(1) for free: Host blocks (patterns with
// `*`, `?` and `!`), HostName, User, Port, IdentityFile, IdentitiesOnly, UserKnownHostsFile,
// ProxyJump/ProxyCommand (refused: only Ansible's ssh follows them). As ssh_config(5): the first
// value of each option wins; `Match` blocks and `Include` are not followed (a note says so).
import { globMatches } from './known-hosts.js';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { splitShellWords } from './ssh-args.js';

/** Lower-cased option name → values, first obtained first. */
export type SshConfigOptions = Map<string, string[]>;

interface Block {
  patterns: string[];
  options: [string, string][];
}

export interface SshConfig {
  /** Options that apply to `name` (the name given to ssh: ansible_host, else the host). */
  forHost(name: string): SshConfigOptions;
  /** What this reader left out (Match, Include), once per file. */
  notes: string[];
}

export function parseSshConfig(text: string): SshConfig {
  const blocks: Block[] = [{ patterns: ['*'], options: [] }];
  const notes = new Set<string>();
  let skipping = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = m[2].trim();
    if (key === 'host') {
      skipping = false;
      blocks.push({ patterns: splitShellWords(value), options: [] });
    } else if (key === 'match') {
      skipping = true;
      notes.add('Match blocks in ~/.ssh/config are not read by the ssh executor');
    } else if (key === 'include') {
      notes.add('Include in ~/.ssh/config is not followed by the ssh executor');
    } else if (!skipping) {
      blocks[blocks.length - 1].options.push([key, value]);
    }
  }
  return {
    notes: [...notes],
    forHost(name) {
      const out: SshConfigOptions = new Map();
      for (const b of blocks) {
        if (!hostMatches(b.patterns, name)) continue;
        for (const [k, v] of b.options) {
          // IdentityFile accumulates; every other option keeps its first value.
          if (k === 'identityfile') out.set(k, [...(out.get(k) ?? []), v]);
          else if (!out.has(k)) out.set(k, [v]);
        }
      }
      return out;
    },
  };
}

function hostMatches(patterns: string[], name: string): boolean {
  let hit = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (globMatches(p.slice(1), name)) return false;
    } else if (globMatches(p, name)) hit = true;
  }
  return hit;
}

/** `%d` (home), `%u` (local user), `%h` (host name), `%r` (remote user), `%%`, and a leading `~`. */
export function expandTokens(value: string, t: { host: string; user: string }): string {
  const home = os.homedir();
  const v = value === '~' ? home : value.startsWith('~/') ? path.join(home, value.slice(2)) : value;
  return v.replace(/%([%dhur])/g, (_, c: string) => (c === '%' ? '%' : c === 'd' ? home : c === 'h' ? t.host : c === 'r' ? t.user : os.userInfo().username));
}

let cached: { file: string; config: SshConfig } | null = null;

/** The user's ~/.ssh/config, read once; none is an empty one. */
export function userSshConfig(file = path.join(os.homedir(), '.ssh', 'config')): SshConfig {
  if (cached?.file === file) return cached.config;
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    /* no config: ssh's defaults */
  }
  cached = { file, config: parseSshConfig(text) };
  return cached.config;
}
