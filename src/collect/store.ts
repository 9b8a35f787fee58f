import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { safePathSegment } from '../core/safe-name.js';
import type { CollectedHost } from './host-outcome.js';
import type { ArtifactKind, RawSample } from './protocol.js';

const FILE_NAMES = { debug1: 'goroutine-debug1.txt', debug2: 'goroutine-debug2.txt', pprof: 'goroutine.pb.gz', goroutineleak: 'goroutineleak-debug1.txt' } as const;
const KINDS: readonly ArtifactKind[] = ['debug1', 'debug2', 'pprof', 'goroutineleak'];

/**
 * Where a sample's raw artifacts live, relative to the run directory: always one safe segment
 * below `hosts/` (`sample-N.goroutine.pb.gz` opens in `go tool pprof`). Pure: the report names
 * them, storeArtifacts writes them.
 */
export function sampleArtifacts(host: string, s: RawSample): Partial<Record<ArtifactKind, string>> {
  const out: Partial<Record<ArtifactKind, string>> = {};
  for (const kind of KINDS) if (s.files[kind]) out[kind] = path.join('hosts', safePathSegment(host), `sample-${s.index}.${FILE_NAMES[kind]}`);
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
  }
}
