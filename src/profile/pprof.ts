// Binary pprof goroutine profiles (`/debug/pprof/goroutine`, debug=0): protobuf, decoded with
// pprof-format. Each sample is one stack with value = how many goroutines share it; locations
// list innermost first, and a location's lines list inlined callees before their caller.
import { createRequire } from 'node:module';
import type { Profile as PprofProfile } from 'pprof-format';
import type { Frame, Goroutine, Profile } from './types.js';
import { ProfileError } from './types.js';
import { frameTableForParse } from './frames.js';
import { Sink } from './merge.js';
import { Warnings } from './warnings.js';

type Numeric = number | bigint;

const num = (v: Numeric | undefined): number => (typeof v === 'bigint' ? Number(v) : (v ?? 0));

/** pprof-format, loaded on the first binary profile only (text dumps never pay for it). */
let pprofFormat: typeof import('pprof-format') | null = null;
const load = (): typeof import('pprof-format') => (pprofFormat ??= createRequire(import.meta.url)('pprof-format'));

/** Decodes `buf` if it is a pprof profile; null when it does not even decode as one. */
export function decodePprof(buf: Uint8Array): PprofProfile | null {
  try {
    const p = load().Profile.decode(buf);
    const strings = p.stringTable?.strings;
    if (!Array.isArray(strings) || strings.length === 0 || strings[0] !== '') return null;
    if (p.sampleType.length === 0) return null;
    for (const st of p.sampleType) if (!inRange(st.type, strings.length) || !inRange(st.unit, strings.length)) return null;
    return p;
  } catch {
    return null;
  }
}

function inRange(v: Numeric, n: number): boolean {
  const i = num(v);
  return Number.isInteger(i) && i >= 0 && i < n;
}

/** A Profile from a decoded pprof goroutine (or goroutineleak) profile; ProfileError for other kinds. */
export function fromPprof(p: PprofProfile, opts: { merge: boolean; source?: string }): Profile {
  const strings = p.stringTable.strings;
  const str = (v: Numeric): string => strings[num(v)] ?? '';
  const kind = str(p.sampleType[0].type);
  if (kind !== 'goroutine' && kind !== 'goroutineleak') {
    throw new ProfileError(`this is a pprof ${kind || 'unnamed'} profile, not a goroutine profile`);
  }
  const leaked = kind === 'goroutineleak';
  const warnings = new Warnings(opts.source);
  const table = frameTableForParse();

  const functions = new Map<number, { name: string; file: string }>();
  for (const f of p.function) functions.set(num(f.id), { name: str(f.name), file: str(f.filename) });

  // Each location expands to one or more frames (inlining), computed once.
  const locations = new Map<number, Frame[]>();
  for (const loc of p.location) {
    const frames: Frame[] = [];
    for (const ln of loc.line) {
      const fn = functions.get(num(ln.functionId));
      if (fn === undefined) continue;
      const line = num(ln.line);
      frames.push(table.intern(fn.name, fn.file === '' ? '' : `${fn.file}:${line}`));
    }
    if (frames.length === 0) frames.push(table.intern(`0x${num(loc.address).toString(16)}`, ''));
    locations.set(num(loc.id), frames);
  }

  const sink = new Sink(opts.merge);
  let total = 0;
  let missing = 0;
  for (const s of p.sample) {
    const count = num(s.value[0]);
    if (!Number.isFinite(count) || count <= 0) continue;
    total += count;
    const frames: Frame[] = [];
    for (const id of s.locationId) {
      const fr = locations.get(num(id));
      if (fr === undefined) missing++;
      else for (const f of fr) frames.push(f);
    }
    let labels: Record<string, string> | null = null;
    for (const l of s.label) {
      const key = str(l.key);
      if (key === '') continue;
      labels ??= {};
      const value = num(l.str) !== 0 ? str(l.str) : String(num(l.num));
      Object.defineProperty(labels, key, { value, enumerable: true, writable: true, configurable: true });
    }
    sink.add({
      id: null,
      count,
      state: '',
      waitMinutes: 0,
      lockedToThread: false,
      leaked,
      frames,
      createdBy: null,
      createdByGoroutine: null,
      labels,
      framesElided: false,
    });
  }
  if (missing > 0) warnings.add(0, `${missing} sample locations point to no location; those frames are missing`);
  if (p.sample.length === 0) warnings.add(0, 'pprof profile has no samples');

  const goroutines: Goroutine[] = sink.finish();
  return {
    format: leaked ? 'goroutineleak' : 'pprof',
    total,
    goroutines,
    warnings: warnings.finish(),
    takenAt: takenAt(p.timeNanos),
  };
}

function takenAt(nanos: Numeric): string | null {
  try {
    const ms = typeof nanos === 'bigint' ? Number(nanos / 1_000_000n) : Math.floor(nanos / 1e6);
    if (!Number.isFinite(ms) || ms <= 0) return null;
    const d = new Date(ms);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  } catch {
    return null;
  }
}
