import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { writeFileAtomic } from '../core/atomic-write.js';
import { safePathSegment } from '../core/safe-name.js';
import type { CollectedHost } from './host-outcome.js';
import type { ArtifactKind, RawCollection, RawSample } from './protocol.js';
import { captureFileName } from '../plan/captures.js';

const FILE_NAMES = { debug1: 'goroutine-debug1.txt', debug2: 'goroutine-debug2.txt', pprof: 'goroutine.pb.gz', goroutineleak: 'goroutineleak-debug1.txt', memstats: 'memstats.txt', delve: 'goroutines-delve.txt' } as const;
const KINDS: readonly ArtifactKind[] = ['debug1', 'debug2', 'pprof', 'goroutineleak', 'memstats', 'delve'];

/**
 * Where a sample's raw artifacts live, relative to the run directory: always one safe segment
 * below `hosts/` (`sample-N.goroutine.pb.gz` opens in `go tool pprof`). Pure: the report names
 * them, storeArtifacts writes them.
 */
export function sampleArtifacts(host: string, s: RawSample): Partial<Record<ArtifactKind, string>> {
  const out: Partial<Record<ArtifactKind, string>> = {};
  const files = s.files;
  for (const kind of KINDS) if (files[kind]) out[kind] = `${hostDir(host)}${path.sep}sample-${s.index}.${FILE_NAMES[kind]}`;
  return out;
}

/** The last host asked for, and its directory (sampleArtifacts is asked per sample, ~10,000 times
 *  in an aggregate of 1,000 hosts, each host several times in a row). */
let lastHost: string | null = null;
let lastDir = '';

/** `hosts/<safe segment>`: what path.join gives, as the segment is one plain name (no `/`, no leading `.`). */
function hostDir(host: string): string {
  if (host !== lastHost) {
    lastDir = `hosts${path.sep}${safePathSegment(host)}`;
    lastHost = host;
  }
  return lastDir;
}

/** Where a host's on-demand profiles (run --capture) live, relative to the run directory, by kind. */
export function captureArtifacts(host: string, raw: RawCollection | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kind of Object.keys(raw?.captures ?? {}).sort()) out[kind] = path.join('hosts', safePathSegment(host), captureFileName(kind));
  return out;
}

/** Writes every host's raw artifacts into the run directory, each atomically. */
export async function storeArtifacts(runDir: string, hosts: Iterable<CollectedHost>): Promise<void> {
  for (const h of hosts) {
    for (const s of h.raw?.samples ?? []) {
      const names = sampleArtifacts(h.host, s);
      for (const kind of KINDS) {
        const data = s.files[kind];
        if (data && names[kind]) await writeFileAtomic(path.join(runDir, names[kind]), data);
      }
    }
    const captures = captureArtifacts(h.host, h.raw);
    for (const [kind, file] of Object.entries(captures)) await writeFileAtomic(path.join(runDir, file), h.raw!.captures[kind]);
  }
}

/** A host's sample artifacts as [path relative to the run directory, bytes], in the order `run` stores them. */
export function artifactFiles(h: CollectedHost): [string, Uint8Array][] {
  const out: [string, Uint8Array][] = [];
  for (const s of h.raw?.samples ?? []) {
    const names = sampleArtifacts(h.host, s);
    for (const kind of KINDS) {
      const data = s.files[kind];
      if (data && names[kind]) out.push([names[kind], data]);
    }
  }
  return out;
}

/**
 * storeArtifacts for aggregate's thousands of hosts (artifactFiles of one host): synchronous writes
 * (each async step would cost more than the write), one directory made per host, and no temporary
 * file: the run directory is the aggregate's own, and nothing reads a host's artifacts before
 * report.json names them.
 */
export function writeArtifactsSync(runDir: string, files: [string, Uint8Array][]): void {
  let made = '';
  for (const [name, data] of files) {
    const file = path.join(runDir, name);
    const dir = path.dirname(file);
    if (dir !== made) mkdirSync(dir, { recursive: true });
    made = dir;
    writeFileSync(file, data);
  }
}
