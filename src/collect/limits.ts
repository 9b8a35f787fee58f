// Bounds on what a node can make the controller hold: a hostile or broken node must not be able
// to exhaust the controller's memory, whichever executor read its output.

/** More than this on a collector's stdout is not a collector's answer (base64 of gzip: ~190 MB of profiles). */
export const MAX_OUTPUT = 256 * 1024 * 1024;

/** One artifact (a profile) after gunzip. A debug=2 dump of 100,000 goroutines is ~150 MB. */
export const MAX_ARTIFACT = 512 * 1024 * 1024;

/** Every artifact of one host's collection together, after gunzip. */
export const MAX_INFLATED_PER_HOST = 1024 * 1024 * 1024;

const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

/** The words for output over MAX_OUTPUT: a failed host (retrying cannot help), never "unreachable". */
export function outputOverLimit(limit = MAX_OUTPUT): string {
  return `the collector printed more than ${mb(limit)}: refused (not a collector's answer; is something else printing on the node?)`;
}

export { mb };
