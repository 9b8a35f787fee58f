import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkHostKey, fingerprint, formatEntry, hostKeyAlgorithms, keyTypeOf, knownKeyTypes, lookupName, parseKnownHosts, type KnownHostEntry } from './known-hosts.js';

export type HostKeyCheck = { ok: true; added: boolean } | { ok: false; reason: string };

/** Who is being checked: the names ssh would look up, and where their keys are pinned. */
export interface HostKeySubject {
  host: string;
  address: string;
  port: number;
  knownHostsFiles: string[];
}

/**
 * Host key checking for one run: known_hosts files read once, server keys checked against the
 * entries for the host's address and inventory name. With acceptNew, a key seen for the first
 * time is trusted and appended to the first known_hosts file (a changed key never is).
 */
export class HostKeyStore {
  private readonly files = new Map<string, Promise<KnownHostEntry[]>>();
  private readonly accepted: KnownHostEntry[] = [];

  constructor(private readonly acceptNew: boolean) {}

  private read(file: string): Promise<KnownHostEntry[]> {
    let p = this.files.get(file);
    if (!p) {
      p = fs.readFile(file, 'utf8').then((t) => parseKnownHosts(t, file), () => []);
      this.files.set(file, p);
    }
    return p;
  }

  private async entries(s: HostKeySubject): Promise<KnownHostEntry[]> {
    const lists = await Promise.all(s.knownHostsFiles.map((f) => this.read(f)));
    return [...lists.flat(), ...this.accepted];
  }

  /** Names an entry may use for this host: the address (with port) and the inventory name. */
  static names(s: HostKeySubject): string[] {
    return [...new Set([lookupName(s.address, s.port), lookupName(s.host, s.port)])];
  }

  /** Prepares a check for one connection: the host key algorithms to offer and the verifier. */
  async prepare(s: HostKeySubject): Promise<{ algorithms: string[]; verify: (key: Buffer) => Promise<HostKeyCheck> }> {
    const entries = await this.entries(s);
    const names = HostKeyStore.names(s);
    return {
      algorithms: hostKeyAlgorithms(knownKeyTypes(entries, names)),
      verify: async (key) => {
        const v = checkHostKey([...entries, ...this.accepted], names, key);
        const what = `${keyTypeOf(key)} host key of ${names[0]} (${fingerprint(key)})`;
        switch (v.verdict) {
          case 'known':
            return { ok: true, added: false };
          case 'revoked':
            return { ok: false, reason: `the ${what} is marked @revoked in ${v.entry.file}:${v.entry.line}` };
          case 'mismatch': {
            const where = v.entries.slice(0, 3).map((e) => `${e.file}:${e.line} ${e.keyType}`).join(', ');
            return {
              ok: false,
              reason: `REMOTE HOST IDENTIFICATION HAS CHANGED: the ${what} does not match known_hosts (${where}); the host was reinstalled or this is not the host you expect: fix known_hosts (--accept-new-host-keys never accepts a changed key)`,
            };
          }
          case 'unknown':
            if (v.authority) {
              // Never trusted on first sight: known_hosts says the CA's certificate decides, and that cannot be checked here.
              return { ok: false, reason: `${names[0]} is trusted through @cert-authority (${v.authority.file}:${v.authority.line}), but the ssh executor cannot check host certificates: use --executor ansible for this host` };
            }
            if (!this.acceptNew) {
              const files = s.knownHostsFiles.length > 0 ? s.knownHostsFiles.join(', ') : 'no known_hosts file (UserKnownHostsFile none)';
              return { ok: false, reason: `the ${what} is unknown: no known_hosts entry for ${names.join(' or ')} in ${files}; host key checking is on: add the key to known_hosts or use --accept-new-host-keys` };
            }
            await this.trust(s, names[0], key);
            return { ok: true, added: true };
        }
      },
    };
  }

  private async trust(s: HostKeySubject, name: string, key: Buffer): Promise<void> {
    const file = s.knownHostsFiles[0];
    this.accepted.push({ file: file ?? '(this run)', line: 0, marker: null, patterns: name, keyType: keyTypeOf(key), key });
    if (!file) return;
    try {
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      const prev = await fs.readFile(file, 'utf8').catch(() => '');
      const sep = prev === '' || prev.endsWith('\n') ? '' : '\n';
      await fs.appendFile(file, `${sep}${formatEntry(name, key)}\n`, { mode: 0o600 });
    } catch {
      // Trusted for this run; the next one will ask again.
    }
  }
}
