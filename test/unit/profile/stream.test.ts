// Streaming: any chunking gives what parseDump gives; gzip on the fly; merging keeps memory to
// the number of distinct stacks.
import { createReadStream, readFileSync, readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseDump, parseDumpStream } from '../../../src/profile/index.js';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/dumps/', import.meta.url));
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.txt'));

/** Cuts `b` into pieces of the given sizes (cycled): splits CRLF pairs and UTF-8 sequences too. */
async function* pieces(b: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let i = 0;
  for (let off = 0; off < b.length; i++) {
    const n = sizes[i % sizes.length];
    yield b.subarray(off, off + n);
    off += n;
  }
}

describe('parseDumpStream', () => {
  for (const f of files) {
    it(`${f}: chunked anywhere, same as parseDump`, async () => {
      const b = readFileSync(`${CORPUS}${f}`);
      const want = parseDump(b);
      for (const sizes of [[1], [7, 1, 3], [4096], [65536]]) {
        const got = await parseDumpStream(pieces(b, sizes), { merge: false });
        expect(got).toEqual(want);
      }
    });
  }

  it('reads gzip on the fly, from a Node stream', async () => {
    const b = readFileSync(`${CORPUS}go121-debug2-erigon-waitminutes-lockedthread-transferfile.txt`);
    const want = parseDump(b, { merge: true });
    const gz = gzipSync(b);
    expect(await parseDumpStream(Readable.from(pieces(gz, [333])))).toEqual(want);
    expect(await parseDumpStream(createReadStream(`${CORPUS}go121-debug2-erigon-waitminutes-lockedthread-transferfile.txt`, { highWaterMark: 1000 }))).toEqual(want);
  });

  it('takes string chunks', async () => {
    const text = readFileSync(`${CORPUS}go120-http-goleak.txt`, 'utf8');
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
