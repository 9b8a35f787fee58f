import { describe, expect, it } from 'vitest';
import {
  checkHostKey, fingerprint, formatEntry, hashName, hashedNameMatches, hostKeyAlgorithms, keyTypeOf, knownKeyTypes, lookupName, parseKnownHosts, patternsMatch,
} from '../../../src/executors/ssh/known-hosts.js';

// Real vectors: keys from ssh-keygen, hashed with `ssh-keygen -H`, fingerprints from `ssh-keygen -l`.
const ED = 'AAAAC3NzaC1lZDI1NTE5AAAAINUYCiVwDFK5CycyPaQiVDd3Oysxp6L24yRwVau4haTe';
const EC = 'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBKbm3tIHAmF1vaPi2I+iY79T0x+T9g9G1oRO5+rddTM2lHFBwqsGTHvpwBBxU0dwAI5NHtRIZdoo2ufR2TYhXSw=';
const edKey = Buffer.from(ED, 'base64');
const ecKey = Buffer.from(EC, 'base64');
const HASHED = [
  `|1|9LxoRZRpUrt6GsMgwaR/5kACHrc=|hOa52M0D+qajzESEgApzybxhkx4= ssh-ed25519 ${ED}`, // web1.example.com
  `|1|DjFTs+CgDL493SsI33jyC8tABe4=|MlH+gez40SZubsVdw43cT52fNqw= ecdsa-sha2-nistp256 ${EC}`, // [10.0.0.5]:2222
].join('\n');

describe('known_hosts parsing', () => {
  it('reads plain, bracketed, marked and commented lines and skips malformed ones', () => {
    const text = [
      '# comment',
      '',
      `web1,10.0.0.1 ssh-ed25519 ${ED} root@web1`,
      `  [10.0.0.5]:2222 ecdsa-sha2-nistp256 ${EC}`,
      `@revoked * ssh-ed25519 ${ED}`,
      `@cert-authority *.example.com ssh-ed25519 ${ED}`,
      `@bogus web9 ssh-ed25519 ${ED}`,
      'web2 ssh-ed25519', // no key
      'web3 ssh-ed25519 not*base64',
      `web4\tssh-ed25519\t${ED}\r`,
    ].join('\n');
    const e = parseKnownHosts(text, '/k');
    expect(e.map((x) => [x.line, x.patterns, x.marker, x.keyType])).toEqual([
      [3, 'web1,10.0.0.1', null, 'ssh-ed25519'],
      [4, '[10.0.0.5]:2222', null, 'ecdsa-sha2-nistp256'],
      [5, '*', 'revoked', 'ssh-ed25519'],
      [6, '*.example.com', 'cert-authority', 'ssh-ed25519'],
      [10, 'web4', null, 'ssh-ed25519'],
    ]);
    expect(e[0].key.equals(edKey)).toBe(true);
    expect(e[0].file).toBe('/k');
  });

  it('matches hashed entries written by ssh-keygen -H, including [host]:port', () => {
    const [a, b] = parseKnownHosts(HASHED);
    expect(patternsMatch(a.patterns, 'web1.example.com')).toBe(true);
    expect(patternsMatch(a.patterns, 'web2.example.com')).toBe(false);
    expect(patternsMatch(b.patterns, '[10.0.0.5]:2222')).toBe(true);
    expect(patternsMatch(b.patterns, '10.0.0.5')).toBe(false);
    expect(patternsMatch(b.patterns, '[10.0.0.5]:22')).toBe(false);
    expect(hashedNameMatches('|1|garbage', 'x')).toBe(false);
    expect(hashedNameMatches('|2|AAAA|BBBB', 'x')).toBe(false);
    const salt = Buffer.alloc(20, 7);
    expect(patternsMatch(hashName('h1', salt), 'h1')).toBe(true);
    expect(patternsMatch(hashName('h1', salt), 'H1x')).toBe(false);
  });

  it('matches patterns as ssh does: lists, wildcards, negation, case, ports', () => {
    expect(patternsMatch('web1,10.0.0.1', '10.0.0.1')).toBe(true);
    expect(patternsMatch('*.example.com', 'WEB.Example.com')).toBe(true);
    expect(patternsMatch('*.example.com', 'example.com')).toBe(false);
    expect(patternsMatch('web?', 'web7')).toBe(true);
    expect(patternsMatch('web?', 'web77')).toBe(false);
    expect(patternsMatch('*.example.com,!bad.example.com', 'bad.example.com')).toBe(false);
    expect(patternsMatch('*.example.com,!bad.example.com', 'ok.example.com')).toBe(true);
    expect(patternsMatch('!bad', 'good')).toBe(false); // negation alone never matches
    expect(patternsMatch('a.b', 'axb')).toBe(false); // dots are literal
    expect(patternsMatch('[10.0.0.5]:2222', '[10.0.0.5]:2222')).toBe(true);
    expect(lookupName('10.0.0.5', 22)).toBe('10.0.0.5');
    expect(lookupName('10.0.0.5', 2222)).toBe('[10.0.0.5]:2222');
  });
});

describe('host key checks', () => {
  const entries = parseKnownHosts([`h1,10.0.0.1 ssh-ed25519 ${ED}`, HASHED, `@revoked revoked-host ecdsa-sha2-nistp256 ${EC}`].join('\n'), '/kh');

  it('knows a pinned key, under any of the names', () => {
    expect(checkHostKey(entries, ['10.0.0.1'], edKey)).toMatchObject({ verdict: 'known', entry: { line: 1 } });
    expect(checkHostKey(entries, ['10.9.9.9', 'h1'], edKey).verdict).toBe('known');
    expect(checkHostKey(entries, ['web1.example.com'], edKey).verdict).toBe('known');
    expect(checkHostKey(entries, ['[10.0.0.5]:2222'], ecKey).verdict).toBe('known');
  });

  it('calls a different key for a pinned host a mismatch, whatever its type', () => {
    const r = checkHostKey(entries, ['10.0.0.1'], ecKey);
    expect(r.verdict).toBe('mismatch');
    if (r.verdict === 'mismatch') expect(r.entries.map((e) => `${e.file}:${e.line}`)).toEqual(['/kh:1']);
    expect(checkHostKey(entries, ['web1.example.com'], ecKey).verdict).toBe('mismatch');
  });

  it('calls a host without entries unknown, and a revoked key revoked', () => {
    expect(checkHostKey(entries, ['10.0.0.2'], edKey).verdict).toBe('unknown');
    expect(checkHostKey(entries, ['10.0.0.5'], ecKey).verdict).toBe('unknown'); // pinned on port 2222 only
    expect(checkHostKey(entries, ['revoked-host'], ecKey).verdict).toBe('revoked');
    expect(checkHostKey(parseKnownHosts(`@cert-authority * ssh-ed25519 ${ED}`), ['x'], edKey).verdict).toBe('unknown');
  });

  it('reads key types and fingerprints as ssh-keygen prints them', () => {
    expect(keyTypeOf(edKey)).toBe('ssh-ed25519');
    expect(keyTypeOf(ecKey)).toBe('ecdsa-sha2-nistp256');
    expect(keyTypeOf(Buffer.from([0, 0, 0]))).toBe('unknown');
    expect(keyTypeOf(Buffer.from([255, 0, 0, 0, 1]))).toBe('unknown');
    expect(fingerprint(edKey)).toBe('SHA256:Y3t9CKJinHKM7WRUhxANNq8wa1fb/wS8xGye1lxcOQs');
    expect(fingerprint(ecKey)).toBe('SHA256:AMxD56Zvu/aXHJisxItIWDhh2EZfBrbBvP2VEVszg6c');
    expect(formatEntry('[h]:2222', edKey)).toBe(`[h]:2222 ssh-ed25519 ${ED}`);
  });

  it('asks for the known key types first in the handshake', () => {
    expect(knownKeyTypes(entries, ['[10.0.0.5]:2222'])).toEqual(['ecdsa-sha2-nistp256']);
    expect(hostKeyAlgorithms(['ecdsa-sha2-nistp256'])[0]).toBe('ecdsa-sha2-nistp256');
    expect(hostKeyAlgorithms(['ssh-rsa']).slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    const all = hostKeyAlgorithms([]);
    expect(all[0]).toBe('ssh-ed25519');
    expect(new Set(hostKeyAlgorithms(['ssh-ed25519', 'sk-ssh-ed25519@openssh.com'])).size).toBe(all.length);
  });
});
