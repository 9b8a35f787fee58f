import type { RawCollection } from './protocol.js';

// What an executor hands on for each host, whichever executor it is: report/, diff/ and gate/
// read these, never an executor's own types.

export type HostStatus = 'ok' | 'unreachable' | 'failed' | 'timeout';

export interface HostOutcome {
  host: string;
  status: HostStatus;
  /** Why the host is not ok, in words a person can act on; null when ok. */
  error: string | null;
  /** What the node-side collector sent back (possibly partial), or null. */
  raw: RawCollection | null;
  warnings: string[];
  /** Retrying cannot help (the host answered, with something refused): retry passes skip it. */
  permanent?: boolean;
}

/** An outcome after every pass of a run: how many passes visited the host. */
export type CollectedHost = HostOutcome & { attempts: number };
