// Where the tests find goroutine dumps. test/fixtures/dumps is in the repository and is
// always read. ../shared/corpus/dumps (the real corpus, beside the checkout) exists on CI
// but not in a plain clone. The tests on the corpus files we may not copy run only when it
// is there (see test/fixtures/dumps/README.md).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DUMPS = fileURLToPath(new URL('../../fixtures/dumps/', import.meta.url));
export const SHARED_DUMPS = fileURLToPath(new URL('../../../../shared/corpus/dumps/', import.meta.url));
export const HAVE_SHARED = existsSync(`${SHARED_DUMPS}SOURCES.tsv`);

/** In the name of every test or suite that is skipped without the shared corpus. */
export const NEEDS_SHARED = 'needs ../shared/corpus/dumps (not in a plain clone)';

/**
 * Corpus files that are not in test/fixtures/dumps. We found no licence for them, or the
 * licence is copyleft, or (KVSTORE) the licence came only after the file was deleted. Each maps
 * to our hand-written fixture that shows the same format feature.
 */
export const NOT_COPIED: Record<string, string> = {
  'go116-concurrent-map-writes-triple-fatal-stackunavailable-joshcarp.txt': 'go116-concurrent-map-writes-stackunavailable-gotest-fleetdiag.txt',
  'go117-debug1-7046-nats-windows-gopath.txt': 'go117-debug1-crlf-windows-gopath-fleetdiag.txt',
  'go121-debug1-large-20161-erigon.txt': 'go121-debug1-trimpath-modver-generics-fleetdiag.txt',
  'go121-debug2-erigon-waitminutes-lockedthread-transferfile.txt': 'go121-debug2-waitminutes-lockedthread-fleetdiag.txt',
  'go125-debug1-concatenated-cyrillic-paths-go2.txt': 'go125-debug1-concatenated-cyrillic-paths-fleetdiag.txt',
  'go125-debug2-windows-mutexlock-kvstore.txt': 'go125-debug2-windows-mutexlock-fleetdiag.txt',
};
export const NOT_COPIED_FILES = Object.keys(NOT_COPIED);

/**
 * Published at mokhatiri/KVStore-raft-consensus@1875dc8a with no licence. The corpus
 * SOURCES.tsv says MIT, but that LICENSE was added three weeks after the file was deleted.
 */
export const KVSTORE = 'go125-debug2-windows-mutexlock-kvstore.txt';

export interface Row {
  file: string;
  source: string;
  license: string;
  format: string;
  /** Goroutines a parser should report; null where the file holds several dumps. */
  expect: number | null;
  /** The whole line, as in SOURCES.tsv. */
  line: string;
}

/** The rows of `${dir}SOURCES.tsv`, by column name. */
export function sourceRows(dir: string): Row[] {
  const [head, ...lines] = readFileSync(`${dir}SOURCES.tsv`, 'utf8').trim().split('\n');
  const cols = head.split('\t');
  const at = (name: string): number => cols.indexOf(name);
  return lines.map((line) => {
    const c = line.split('\t');
    const e = c[at('expect')];
    return { file: c[at('file')], source: c[at('source')], license: c[at('license')], format: c[at('format')], expect: e ? Number(e) : null, line };
  });
}

/** The text dumps in test/fixtures/dumps (not the binary pprof, not the docs). */
export const fixtureTextFiles = (): string[] =>
  sourceRows(FIXTURE_DUMPS)
    .map((r) => r.file)
    .filter((f) => f.endsWith('.txt'))
    .sort();

/** Prints one line when the shared corpus is missing and `what` is skipped. */
export function sayIfSkipped(what: string): void {
  if (!HAVE_SHARED) console.log(`skipped: ${what}: ${NEEDS_SHARED}; looked for ${SHARED_DUMPS}`);
}
