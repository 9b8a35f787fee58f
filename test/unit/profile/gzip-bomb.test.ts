// Every decompression is bounded: a gzip bomb is refused with one line naming the input, before
// memory or time run away (2 GB of zeros in 2 MB used to reach 4 GB of memory in `analyze`).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { MAX_INFLATED, parseDump, parseDumpFile, parseDumpStream } from '../../../src/profile/parse.js';
import { ProfileError } from '../../../src/profile/types.js';

const MB = 1024 * 1024;
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'fd-bomb-'));
/** gzip members back to back (what gzip -c a b > c makes): `n` × 16 MB of `fill`, cheap to build. */
const members = (n: number, fill: string | number) => Buffer.concat(Array.from({ length: n }, () => gzipSync(Buffer.alloc(16 * MB, fill as string), { level: 1 })));

async function refusal(p: Promise<unknown>): Promise<ProfileError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(ProfileError);
  return e as ProfileError;
}

describe('gzip bombs', () => {
  it('a file of zeros that inflates past what a binary profile can be is refused at the cap, naming the file', async () => {
    const file = path.join(tmp(), 'bomb.gz');
    writeFileSync(file, members(20, 0)); // 320 MB of zeros in ~320 KB
    const before = process.memoryUsage().rss;
    const e = await refusal(parseDumpFile(file));
    expect(e.message).toBe(`${file}: binary data larger than 256 MB: no goroutine profile is that large`);
    expect(process.memoryUsage().rss - before).toBeLessThan(700 * MB);
  }, 60_000);

  it('a text stream that inflates past the cap is refused, naming its source', async () => {
    const gz = members(4, 'goroutine 1 [running]:\nmain.main()\n\t/x/main.go:1 +0x1\n\n'); // 64 MB of text
    const e = await refusal(parseDumpStream(Readable.from([gz]), { source: 'stdin', maxInflated: 8 * MB }));
    expect(e.message).toMatch(/^stdin: gzip input inflates to more than 8 MB: refused/);
    const file = path.join(tmp(), 'dump.txt.gz');
    writeFileSync(file, gz);
    expect((await refusal(parseDumpFile(file, { maxInflated: 8 * MB }))).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: gzip input inflates`));
    // Under the cap, the same input parses.
    expect((await parseDumpStream(Readable.from([gzipSync('goroutine 1 [running]:\nmain.main()\n\t/x/main.go:1 +0x1\n')]), { maxInflated: 8 * MB })).goroutines.length).toBeGreaterThan(0);
  }, 60_000);

  it('a dump held in memory is inflated under a cap too', () => {
    const gz = members(2, 'a');
    let e: unknown = null;
    try {
      parseDump(gz, { source: 'h1 sample 1', maxInflated: 4 * MB });
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(ProfileError);
    expect((e as Error).message).toMatch(/^h1 sample 1: gzip input inflates to more than 4 MB/);
  });

  it('caps by default', () => {
    expect(MAX_INFLATED).toBeLessThanOrEqual(4 * 1024 * MB);
  });
});
