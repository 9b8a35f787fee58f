// Builds Profile objects from compact specs, so tests read like the dumps they stand for.
import type { Frame, Goroutine, Profile, ProfileFormat } from '../../../src/profile/types.js';
import type { Sample } from '../../../src/analysis/types.js';

/** `'main.worker /app/main.go:42'` → Frame (file and line optional: `'runtime.gopark'`). */
export function frame(spec: string): Frame {
  const sp = spec.indexOf(' ');
  if (sp < 0) return { func: spec, file: '', line: 0 };
  const func = spec.slice(0, sp);
  const loc = spec.slice(sp + 1);
  const colon = loc.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(loc.slice(colon + 1))
    ? { func, file: loc.slice(0, colon), line: Number(loc.slice(colon + 1)) }
    : { func, file: loc, line: 0 };
}

export function frames(...specs: string[]): Frame[] {
  return specs.map(frame);
}

export interface GoSpec {
  state?: string;
  count?: number;
  id?: number | null;
  waitMinutes?: number;
  leaked?: boolean;
  createdBy?: string;
}

let nextId = 1;

/** A traceback goroutine (debug=2: has an id) unless `id: null` (debug=1/pprof record). */
export function goroutine(stack: string[] | Frame[], spec: GoSpec = {}): Goroutine {
  const fs = (stack as (string | Frame)[]).map((s) => (typeof s === 'string' ? frame(s) : s));
  return {
    id: spec.id === undefined ? nextId++ : spec.id,
    count: spec.count ?? 1,
    state: spec.state ?? '',
    waitMinutes: spec.waitMinutes ?? 0,
    lockedToThread: false,
    leaked: spec.leaked ?? false,
    frames: fs,
    createdBy: spec.createdBy ? { ...frame(spec.createdBy), goroutineId: null } : null,
    labels: null,
    framesElided: false,
  };
}

/** `n` separate debug=2 goroutines with the same stack. */
export function many(n: number, stack: string[], spec: GoSpec = {}): Goroutine[] {
  return Array.from({ length: n }, () => goroutine(stack, spec));
}

/** A site whose goroutines stay (a leak, a pool): `site(n)` gives its first n goroutines, the same
 *  ids in every sample, as the runtime would print them. `many()` makes new ids every call (churn). */
export function staying(stack: string[], spec: GoSpec = {}): (n: number) => Goroutine[] {
  const made: Goroutine[] = [];
  return (n) => {
    while (made.length < n) made.push(goroutine(stack, spec));
    return made.slice(0, n);
  };
}

export function profile(gs: Goroutine[], format: ProfileFormat = 'debug2', takenAt: string | null = null): Profile {
  return { format, total: gs.reduce((a, g) => a + g.count, 0), goroutines: gs, warnings: [], takenAt };
}

/** One debug=1 record: N goroutines with one stack, no state, no id. */
export function record(count: number, stack: string[]): Goroutine {
  return goroutine(stack, { count, id: null });
}

const T0 = Date.parse('2025-01-01T00:00:00Z');

export function sample(p: Profile, minute: number, extra: Partial<Pick<Sample, 'threads' | 'sockets'>> = {}): Sample {
  return { takenAt: T0 + minute * 60_000, profile: p, ...extra };
}

// Stacks used across tests (debug=2 spellings; runtime frames included).
export const STACKS = {
  tickerWorker: [
    'runtime.gopark /usr/local/go/src/runtime/proc.go:398',
    'runtime.selectgo /usr/local/go/src/runtime/select.go:327',
    'example.com/svc/pool.(*Pool).worker /build/svc/pool/pool.go:57',
    'runtime.goexit /usr/local/go/src/runtime/asm_amd64.s:1650',
  ],
  leakySelect: [
    'runtime.gopark /usr/local/go/src/runtime/proc.go:398',
    'runtime.selectgo /usr/local/go/src/runtime/select.go:327',
    'example.com/svc/api.(*Handler).fanOut.func1 /build/svc/api/fanout.go:88',
    'runtime.goexit /usr/local/go/src/runtime/asm_amd64.s:1650',
  ],
  requestInFlight: [
    'internal/poll.runtime_pollWait /usr/local/go/src/runtime/netpoll.go:343',
    'internal/poll.(*pollDesc).wait /usr/local/go/src/internal/poll/fd_poll_runtime.go:84',
    'net.(*conn).Read /usr/local/go/src/net/net.go:179',
    'example.com/svc/db.(*Client).query /build/svc/db/client.go:120',
    'example.com/svc/api.(*Handler).get /build/svc/api/get.go:31',
    'net/http.(*conn).serve /usr/local/go/src/net/http/server.go:2009',
  ],
  chanSendStuck: [
    'runtime.gopark /usr/local/go/src/runtime/proc.go:398',
    'runtime.chansend /usr/local/go/src/runtime/chan.go:259',
    'runtime.chansend1 /usr/local/go/src/runtime/chan.go:145',
    'main.process.func1 /build/svc/main.go:42',
  ],
  persistConnRead: [
    'internal/poll.runtime_pollWait /usr/local/go/src/runtime/netpoll.go:343',
    'internal/poll.(*pollDesc).wait /usr/local/go/src/internal/poll/fd_poll_runtime.go:84',
    'net.(*conn).Read /usr/local/go/src/net/net.go:179',
    'net/http.(*persistConn).Read /usr/local/go/src/net/http/transport.go:1954',
    'bufio.(*Reader).fill /usr/local/go/src/bufio/bufio.go:113',
    'net/http.(*persistConn).readLoop /usr/local/go/src/net/http/transport.go:2118',
  ],
  gcWorker: [
    'runtime.gopark /usr/local/go/src/runtime/proc.go:398',
    'runtime.gcBgMarkWorker /usr/local/go/src/runtime/mgc.go:1293',
    'runtime.goexit /usr/local/go/src/runtime/asm_amd64.s:1650',
  ],
};
