import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * OpenSSH known_hosts, read and matched the way ssh(1) does (sshd(8) "SSH_KNOWN_HOSTS FILE
 * FORMAT"): `[@marker] patterns keytype base64key [comment]`, patterns comma-separated with `*`,
 * `?` and `!` negation, `[host]:port` for ports other than 22, and hashed `|1|salt|hmac` names.
 * Pure functions: reading the files and trusting new keys live in host-keys.ts.
 */

export interface KnownHostEntry {
  file: string;
  line: number;
  marker: 'cert-authority' | 'revoked' | null;
  /** The patterns field as written (hashed names stay hashed). */
  patterns: string;
  keyType: string;
  key: Buffer;
}

/** Parses one file's text; comments, blank and malformed lines are skipped. */
export function parseKnownHosts(text: string, file = 'known_hosts'): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i].trim().split(/\s+/);
    if (fields[0] === '' || fields[0].startsWith('#')) continue;
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0].startsWith('@')) {
      if (fields[0] === '@cert-authority') marker = 'cert-authority';
      else if (fields[0] === '@revoked') marker = 'revoked';
      else continue;
      fields.shift();
    }
    const [patterns, keyType, b64] = fields;
    if (!patterns || !keyType || !b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) continue;
    const key = Buffer.from(b64, 'base64');
    if (key.length === 0) continue;
    out.push({ file, line: i + 1, marker, patterns, keyType, key });
  }
  return out;
}

/** The name ssh looks up: `host` on port 22, `[host]:port` on any other. */
export function lookupName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** `|1|salt|hash`: HMAC-SHA1 of the name keyed with the salt. */
export function hashedNameMatches(pattern: string, name: string): boolean {
  const parts = pattern.split('|');
  if (parts.length !== 4 || parts[0] !== '' || parts[1] !== '1') return false;
  const salt = Buffer.from(parts[2], 'base64');
  const want = Buffer.from(parts[3], 'base64');
  if (salt.length === 0 || want.length !== 20) return false;
  const got = createHmac('sha1', salt).update(name).digest();
  return timingSafeEqual(got, want);
}

/** Hashes a name the way `ssh-keygen -H` does (a fresh salt unless one is given). */
export function hashName(name: string, salt: Buffer): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

/** OpenSSH's pattern syntax (`*`, `?`, case-insensitive), as known_hosts and ssh_config use it. */
export function globMatches(pattern: string, name: string): boolean {
  const body = pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`).test(name.toLowerCase());
}

/** Whether a patterns field names `name`: any positive pattern matches and no negated one does. */
export function patternsMatch(patterns: string, name: string): boolean {
  let hit = false;
  for (const raw of patterns.split(',')) {
    if (raw === '') continue;
    const negated = raw.startsWith('!');
    const p = negated ? raw.slice(1) : raw;
    const matches = p.startsWith('|') ? hashedNameMatches(p, name) : globMatches(p, name);
    if (matches && negated) return false;
    if (matches) hit = true;
  }
  return hit;
}

/** The key type a public key blob names (its first SSH string), e.g. `ssh-ed25519`. */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const n = blob.readUInt32BE(0);
  if (n === 0 || n > 64 || 4 + n > blob.length) return 'unknown';
  return blob.subarray(4, 4 + n).toString('latin1');
}

/** `SHA256:…` as ssh-keygen -l prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export type HostKeyVerdict =
  | { verdict: 'known'; entry: KnownHostEntry }
  | { verdict: 'unknown'; authority?: KnownHostEntry }
  | { verdict: 'mismatch'; entries: KnownHostEntry[] }
  | { verdict: 'revoked'; entry: KnownHostEntry };

/**
 * Checks a server's key against the entries for any of `names`. A host that has entries but
 * none with this key is a mismatch, whatever their types: never something to accept.
 */
export function checkHostKey(entries: readonly KnownHostEntry[], names: readonly string[], key: Buffer): HostKeyVerdict {
  const forHost = entries.filter((e) => e.marker !== 'cert-authority' && names.some((n) => patternsMatch(e.patterns, n)));
  const revoked = forHost.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { verdict: 'revoked', entry: revoked };
  const pinned = forHost.filter((e) => e.marker === null);
  const known = pinned.find((e) => e.key.equals(key));
  if (known) return { verdict: 'known', entry: known };
  if (pinned.length > 0) return { verdict: 'mismatch', entries: pinned };
  // Trusted through a CA that signs host certificates: ssh(1) checks those, ssh2 cannot.
  const authority = entries.find((e) => e.marker === 'cert-authority' && names.some((n) => patternsMatch(e.patterns, n)));
  return authority ? { verdict: 'unknown', authority } : { verdict: 'unknown' };
}

/** Key types known for a host, so the handshake can ask for those first (as ssh(1) does). */
export function knownKeyTypes(entries: readonly KnownHostEntry[], names: readonly string[]): string[] {
  const types = entries.filter((e) => e.marker === null && names.some((n) => patternsMatch(e.patterns, n))).map((e) => e.keyType);
  return [...new Set(types)];
}

const DEFAULT_HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

/** Host key algorithms with those matching the known key types first; the rest keep their order. */
export function hostKeyAlgorithms(knownTypes: readonly string[]): string[] {
  const first = knownTypes.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : DEFAULT_HOST_KEY_ALGORITHMS.includes(t) ? [t] : []));
  return [...new Set([...first, ...DEFAULT_HOST_KEY_ALGORITHMS])];
}

/** A known_hosts line for a newly trusted key. */
export function formatEntry(name: string, key: Buffer): string {
  return `${name} ${keyTypeOf(key)} ${key.toString('base64')}`;
}
