// Streaming: any chunking gives what parseDump gives; gzip on the fly; merging keeps memory to
// the number of distinct stacks.
import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseDump, parseDumpStream } from '../../../src/profile/index.js';
import { FIXTURE_DUMPS, HAVE_SHARED, NEEDS_SHARED, NOT_COPIED_FILES, SHARED_DUMPS, fixtureTextFiles, sayIfSkipped } from '../helpers/dumps.js';

sayIfSkipped(`stream.test: chunking the ${NOT_COPIED_FILES.length} corpus dumps not copied to test/fixtures/dumps`);

/** Cuts `b` into pieces of the given sizes (cycled): splits CRLF pairs and UTF-8 sequences too. */
async function* pieces(b: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let i = 0;
  for (let off = 0; off < b.length; i++) {
    const n = sizes[i % sizes.length];
    yield b.subarray(off, off + n);
    off += n;
  }
}

/** Any chunking of `path` parses as parseDump parses the whole file. */
async function sameChunked(path: string): Promise<void> {
  const b = readFileSync(path);
  const want = parseDump(b);
  for (const sizes of [[1], [7, 1, 3], [4096], [65536]]) {
    const got = await parseDumpStream(pieces(b, sizes), { merge: false });
    expect(got).toEqual(want);
  }
}

describe.skipIf(!HAVE_SHARED)(`parseDumpStream on the corpus dumps not copied to test/fixtures/dumps: ${NEEDS_SHARED}`, () => {
  for (const f of NOT_COPIED_FILES) it(`${f}: chunked anywhere, same as parseDump`, () => sameChunked(`${SHARED_DUMPS}${f}`));
});

describe('parseDumpStream', () => {
  for (const f of fixtureTextFiles()) it(`${f}: chunked anywhere, same as parseDump`, () => sameChunked(`${FIXTURE_DUMPS}${f}`));

  it('reads gzip on the fly, from a Node stream', async () => {
    const file = `${FIXTURE_DUMPS}go125-debug2-windows-mutexlock-fleetdiag.txt`;
    const b = readFileSync(file);
    const want = parseDump(b, { merge: true });
    const gz = gzipSync(b);
    expect(gz.length).toBeGreaterThan(3 * 333);
    expect(await parseDumpStream(Readable.from(pieces(gz, [333])))).toEqual(want);
    expect(b.length).toBeGreaterThan(10 * 1000);
    expect(await parseDumpStream(createReadStream(file, { highWaterMark: 1000 }))).toEqual(want);
  });

  it('takes string chunks', async () => {
    const text = readFileSync(`${FIXTURE_DUMPS}go120-http-goleak.txt`, 'utf8');
    const chunks = async function* (): AsyncGenerator<string> {
      for (let i = 0; i < text.length; i += 100) yield text.slice(i, i + 100);
    };
    expect(await parseDumpStream(chunks())).toEqual(parseDump(text, { merge: true }));
  });

  it('empty streams and truncated gzip streams are ProfileErrors', async () => {
    const none = async function* (): AsyncGenerator<Buffer> {};
    await expect(parseDumpStream(none())).rejects.toThrow(/^empty input/);
    await expect(parseDumpStream(pieces(Buffer.from('\n\n  \n'), [1]))).rejects.toThrow(/^empty input/);
    const gz = gzipSync(Buffer.alloc(100_000, 'goroutine 1 [running]:\n'));
    await expect(parseDumpStream(pieces(gz.subarray(0, gz.length - 4), [50]))).rejects.toThrow(/^truncated gzip stream/);
  });

  it('200,000 goroutines at 4 sites stream into 4 records', async () => {
    const sites = ['chan receive', 'select', 'IO wait', 'semacquire'];
    const gen = async function* (): AsyncGenerator<string> {
      for (let id = 1; id <= 200_000; id += 1000) {
        let s = '';
        for (let k = id; k < id + 1000; k++) {
          s += `goroutine ${k} [${sites[k % 4]}, ${k % 61} minutes]:\nmain.worker${k % 4}(0xc000${k.toString(16)})\n\t/src/app/w.go:${k % 4} +0x1d\ncreated by main.main in goroutine 1\n\t/src/app/main.go:10 +0x5e\n\n`;
        }
        yield s;
      }
    };
    const p = await parseDumpStream(gen());
    expect(p.total).toBe(200_000);
    expect(p.goroutines.map((g) => [g.state, g.count, g.waitMinutes])).toEqual([
      ['select', 50_000, 60],
      ['IO wait', 50_000, 60],
      ['semacquire', 50_000, 60],
      ['chan receive', 50_000, 60],
    ]);
  });
});
