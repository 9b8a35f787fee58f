import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { safePathSegment } from '../core/safe-name.js';
import type { RawSample } from './protocol.js';

const FILE_NAMES = { debug1: 'goroutine-debug1.txt', debug2: 'goroutine-debug2.txt', pprof: 'goroutine.pb.gz' } as const;

/** Where a host's raw artifacts live: always one safe segment below `hosts/`. */
export function hostDir(runDir: string, host: string): string {
  return path.join(runDir, 'hosts', safePathSegment(host));
}

/**
 * Writes a sample's raw artifacts (`goroutine.pb.gz` opens in `go tool pprof`), each atomically;
 * returns their paths relative to the run directory.
 */
export async function storeSample(runDir: string, host: string, s: RawSample): Promise<Record<string, string>> {
  const dir = hostDir(runDir, host);
  const written: Record<string, string> = {};
  for (const kind of ['debug1', 'debug2', 'pprof'] as const) {
    const data = s.files[kind];
    if (!data) continue;
    const file = path.join(dir, `sample-${s.index}.${FILE_NAMES[kind]}`);
    await writeFileAtomic(file, data);
    written[kind] = path.relative(runDir, file);
  }
  return written;
}
