// Binary pprof goroutine profiles, cross-checked against debug=1 and debug=2 from the same process.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Function as PFunction, Line, Location, Profile as PProfile, Sample, StringTable, ValueType } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { parseDump, parseDumpFile, parseDumpStream, ProfileError, trimRuntimeFrames } from '../../../src/profile/index.js';
import type { Goroutine, Profile } from '../../../src/profile/index.js';

const FIX = fileURLToPath(new URL('../../fixtures/dumps/', import.meta.url));
const read = (f: string): Buffer => readFileSync(`${FIX}${f}`);

/** Application stacks (frames shown as debug=1 shows them) → goroutines, for stacks through the test program's code. */
function appStacks(p: Profile): Map<string, number> {
  const m = new Map<string, number>();
  for (const g of p.goroutines) {
    const frames = trimRuntimeFrames(g.frames);
    const app = frames.filter((f) => f.file.endsWith('/go119fix/main.go'));
    if (app.length === 0 || app.some((f) => f.func === 'main.main')) continue; // main.main: runtime.main shown or not
    const key = frames.map((f) => `${f.func} ${f.file}:${f.line}`).join(' < ');
    m.set(key, (m.get(key) ?? 0) + g.count);
  }
  return m;
}

describe('one Go 1.19 process, three formats', () => {
  const pb = parseDump(read('go119-pprof-goroutine.pb.gz'));
  const d1 = parseDump(read('go119-debug1.txt'));
  const d2 = parseDump(read('go119-debug2.txt'));

  it('same total', () => {
    expect([pb.format, pb.total]).toEqual(['pprof', 22]);
    expect([d1.format, d1.total]).toEqual(['debug1', 22]);
    expect([d2.format, d2.total]).toEqual(['debug2', 22]);
    for (const p of [pb, d1, d2]) expect(p.goroutines.reduce((n, g) => n + g.count, 0)).toBe(22);
  });

  it('same application stacks, same counts, same frames', () => {
    const want = appStacks(pb);
    expect([...want.values()].reduce((a, b) => a + b)).toBe(19);
    expect(appStacks(d1)).toEqual(want);
    expect(appStacks(d2)).toEqual(want);
    expect([...want.keys()]).toContain('sync.runtime_Semacquire /usr/lib/go-1.19/src/runtime/sema.go:62 < sync.(*WaitGroup).Wait /usr/lib/go-1.19/src/sync/waitgroup.go:139 < main.waiter /tmp/go119fix/main.go:30');
  });

  it('binary frames run innermost first, runtime frames included', () => {
    const g = pb.goroutines.find((x) => x.count === 7)!;
    expect(g.frames.map((f) => f.func)).toEqual(['runtime.gopark', 'runtime.chanrecv', 'runtime.chanrecv1', 'main.leakyReceiver']);
    expect(g).toMatchObject({ id: null, state: '', waitMinutes: 0, createdBy: null });
  });

  it('labels from samples and from `# labels:`', () => {
    const labeled = (p: Profile): Goroutine[] => p.goroutines.filter((g) => g.labels !== null);
    for (const p of [pb, d1]) {
      expect(labeled(p)).toHaveLength(1);
      expect(labeled(p)[0]).toMatchObject({ count: 2, labels: { tenant: 'acme', job: 'ingest' } });
    }
  });

  it('takenAt from time_nanos', () => {
    expect(pb.takenAt).toMatch(/^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(d1.takenAt).toBeNull();
  });

  it('uncompressed, streamed and merged give the same', async () => {
    const raw = parseDump(gunzipSync(read('go119-pprof-goroutine.pb.gz')));
    expect(raw).toEqual(pb);
    const streamed = await parseDumpFile(`${FIX}go119-pprof-goroutine.pb.gz`, { merge: false });
    expect(streamed.goroutines).toEqual(pb.goroutines);
    expect(streamed.total).toBe(22);
  });

  it('a truncated profile is a ProfileError', async () => {
    const gz = read('go119-pprof-goroutine.pb.gz');
    expect(() => parseDump(gz.subarray(0, 600))).toThrow(ProfileError);
    const once = async function* (): AsyncGenerator<Buffer> {
      yield gz.subarray(0, 600);
    };
    await expect(parseDumpStream(once())).rejects.toThrow(/^truncated gzip stream/);
  });
});

/** A small pprof profile built with pprof-format. */
function build(kind: string, samples: { funcs: string[]; count: number; labels?: Record<string, string>; missing?: boolean }[], timeNanos = 0n): Buffer {
  const st = new StringTable();
  const fns = new Map<string, PFunction>();
  const locs: Location[] = [];
  const fnFor = (name: string): PFunction => {
    let f = fns.get(name);
    if (!f) {
      f = new PFunction({ id: fns.size + 1, name: st.dedup(name), filename: st.dedup(`/src/${name.split('.')[0]}.go`) });
      fns.set(name, f);
    }
    return f;
  };
  const sample = samples.map((s) => {
    const ids = s.funcs.map((name, i) => {
      const loc = new Location({ id: locs.length + 1, line: [new Line({ functionId: fnFor(name).id, line: 10 + i })] });
      locs.push(loc);
      return loc.id;
    });
    if (s.missing) ids.push(999);
    return new Sample({
      locationId: ids,
      value: [s.count],
      label: Object.entries(s.labels ?? {}).map(([k, v]) => ({ key: st.dedup(k), str: st.dedup(v) })),
    });
  });
  const p = new PProfile({
    sampleType: [new ValueType({ type: st.dedup(kind), unit: st.dedup('count') })],
    sample,
    location: locs,
    function: [...fns.values()],
    stringTable: st,
    timeNanos,
  });
  return Buffer.from(p.encode());
}

describe('built pprof profiles', () => {
  it('goroutine counts, frames, labels, time', () => {
    const p = parseDump(build('goroutine', [{ funcs: ['runtime.gopark', 'main.f'], count: 5, labels: { k: 'v' } }, { funcs: ['main.g'], count: 2 }], 1_700_000_000_123_456_789n));
    expect(p).toMatchObject({ format: 'pprof', total: 7, takenAt: '2023-11-14T22:13:20.123Z', warnings: [] });
    expect(p.goroutines[0]).toMatchObject({ count: 5, labels: { k: 'v' }, frames: [{ func: 'runtime.gopark', file: '/src/runtime.go', line: 10 }, { func: 'main.f', file: '/src/main.go', line: 11 }] });
  });

  it('goroutineleak profiles mark every goroutine leaked', () => {
    const p = parseDump(gzipSync(build('goroutineleak', [{ funcs: ['main.f'], count: 3 }])));
    expect(p.format).toBe('goroutineleak');
    expect(p.goroutines[0]).toMatchObject({ count: 3, leaked: true });
  });

  it('a sample pointing to a missing location is kept, with a warning', () => {
    const p = parseDump(build('goroutine', [{ funcs: ['main.f'], count: 1, missing: true }]));
    expect(p.goroutines[0].frames).toHaveLength(1);
    expect(p.warnings).toEqual([{ line: 0, message: '1 sample locations point to no location; those frames are missing' }]);
  });

  it('another kind of profile is a ProfileError that says so', () => {
    expect(() => parseDump(build('alloc_objects', [{ funcs: ['main.f'], count: 1 }]))).toThrow(new ProfileError('this is a pprof alloc_objects profile, not a goroutine profile'));
  });
});
