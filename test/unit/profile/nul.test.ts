// A NUL byte in a dump's first 4 KB rejected the whole dump as "binary data" (issue 21); in a run
// the host then lost its goroutines. It is junk like any other: the dump is read, with a warning
// naming the line of the first NUL.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDump, parseDumpFile, parseDumpStream } from '../../../src/profile/parse.js';
import { bin, buildCli } from '../helpers/build.js';

const g = (id: number, fn = 'main.f') => `goroutine ${id} [chan receive]:\n${fn}()\n\t/app/main.go:3 +0x1\ncreated by main.main in goroutine 1\n\t/app/main.go:9 +0x2\n\n`;
const DUMPS: Record<string, string> = {
  'in a function name': g(1, 'main.f\0') + g(2) + g(3),
  'at the start of a header': g(1) + `\0${g(2)}` + g(3),
  'on a line of its own': `${g(1)}\0\n${g(2)}${g(3)}`,
  'padding a short file': g(1) + g(2) + g(3) + '\0'.repeat(200),
  debug1: 'goroutine profile: total 3\n3 @ 0x1\n#\t0x1\tmain.f\0+0x1\t/x/main.go:3\n',
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'fd-nul-'));
});

describe('a NUL byte in the first 4 KB', () => {
  for (const [where, text] of Object.entries(DUMPS)) {
    it(`${where}: read, with a warning (buffer, file, stream, gzip)`, async () => {
      const file = path.join(dir, `${where.replace(/\W+/g, '-')}.txt`);
      writeFileSync(file, text);
      const gz = `${file}.gz`;
      writeFileSync(gz, gzipSync(Buffer.from(text)));
      const all = [
        parseDump(Buffer.from(text)),
        await parseDumpFile(file),
        await parseDumpFile(gz),
        await parseDumpStream(Readable.from([Buffer.from(text)])),
      ];
      for (const p of all) {
        expect(p.total).toBe(3);
        expect(p.warnings[0]?.message).toMatch(/^\d+ NUL bytes? among the first \d+ bytes \(the first on this line\): read as text$/);
        expect(p.warnings[0].line).toBe(text.slice(0, text.indexOf('\0')).split('\n').length);
      }
    });
  }

  it('binary noise is still refused', () => {
    const noise = Buffer.alloc(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + 13) % 256;
    expect(() => parseDump(noise)).toThrow(/binary data that is neither gzip nor a pprof profile/);
  });
});

describe('analyze and aggregate', () => {
  beforeAll(buildCli, 180_000);

  it('analyze reads the dump and shows the warning', () => {
    const file = path.join(dir, 'cli.txt');
    writeFileSync(file, DUMPS['at the start of a header']);
    const r = spawnSync(process.execPath, [bin, 'analyze', file], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^verdict: \w+ — 3 goroutines/);
    expect(r.stderr).toMatch(/warning: .*cli\.txt:7: 1 NUL byte among the first/);
  });

  it('a run (through aggregate) keeps the host and its goroutines', () => {
    const results = path.join(dir, 'results');
    const stdout = ['@@fd hello 1 samples=1 interval=0', '@@fd sample 0 1700000000000', '@@fd total 0 3',
      '@@fd file debug1 0 gz', gzipSync(Buffer.from(DUMPS.debug1)).toString('base64'), '@@fd end', '@@fd done'].join('\n');
    spawnSync('mkdir', ['-p', results]);
    writeFileSync(path.join(results, 'h.json'), JSON.stringify({ host: 'h', rc: 0, stdout }));
    const r = spawnSync(process.execPath, [bin, 'aggregate', results, '--out', path.join(dir, 'agg')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(dir, 'agg', 'report.json'), 'utf8'));
    expect(report.hosts[0]).toMatchObject({ host: 'h', status: 'ok', goroutines: 3 });
    expect(report.hosts[0].groups[0].count).toBe(3);
    expect(report.hosts[0].warnings.join('\n')).toMatch(/NUL byte/);
  });
});
