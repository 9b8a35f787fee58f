// What a goroutine is doing, from its wait reason *and* its frames.
//
// The wait reason decides when it is specific (`chan receive`, `IO wait`, `sync.Mutex.Lock`).
// Frames decide when it is not: Go ≤1.23 prints `[semacquire]` for Mutex, RWMutex, WaitGroup and
// (older) Cond alike, and debug=1 and binary profiles print no wait reason at all. debug=1 also
// hides the leading `runtime.*` frames (gopark, chanrecv, selectgo), so a record whose innermost
// visible frame is application code is `other`: the blocking operation is not in the data.
import type { Frame } from '../profile/types.js';
import type { GoroutineClass } from './types.js';
import { normalizeFunc } from './normalize.js';
import { IdentityMemo } from './memo.js';

/** Wait reasons the runtime uses for its own goroutines (GC, finalizers, timers, tracing). */
const RUNTIME_STATES = new Set([
  'force gc (idle)', 'finalizer wait', 'cleanup wait', 'timer goroutine (idle)',
  'trace reader (blocked)', 'wait for gc cycle', 'garbage collection', 'garbage collection scan',
  'dumping heap', 'stopping the world', 'flushing proc caches', 'trace goroutine status',
  'trace proc status', 'page trace flush', 'panicwait', 'debug call', 'idle', 'dead',
  'copystack', 'preempted (gc)', 'coroutine',
]);

/** State as the parser gives it, minus anything a lenient parser may have left on it. */
function cleanState(state: string): string {
  return state
    .replace(/\s*\(leaked\)/i, '')
    .replace(/,\s*\d+ minutes?/i, '')
    .replace(/,\s*locked to thread/i, '')
    .trim();
}

/** The last class decided per frames array (and the state it was for): the parser hands one
 *  array to a stack's goroutines across the dumps of a thread (profile/types.ts), so a fleet's
 *  hosts ask again for the same few stacks; one small entry per stack (memo.ts: bounded). */
const lastByStack = new IdentityMemo<readonly Frame[], { state: string; cls: GoroutineClass }>();

export function classify(state: string, frames: Frame[]): GoroutineClass {
  const last = lastByStack.get(frames);
  if (last !== undefined && last.state === state) return last.cls;
  const cls = classifyOnce(state, frames);
  if (last !== undefined) {
    last.state = state;
    last.cls = cls;
  } else lastByStack.set(frames, { state, cls });
  return cls;
}

function classifyOnce(state: string, frames: Frame[]): GoroutineClass {
  const s = cleanState(state);
  const fromState = classFromState(s.toLowerCase());
  if (fromState) return fromState;
  const funcs = frames.map((f) => normalizeFunc(f.func));
  const fromFrames = classFromFrames(funcs);
  if (fromFrames) return fromFrames;
  if (isRuntimeOnly(funcs) || RUNTIME_STATES.has(s.toLowerCase())) return 'runtime';
  return 'other';
}

/** Specific wait reasons; null for `semacquire`, `waiting`, '' and anything unknown. */
function classFromState(s: string): GoroutineClass | null {
  if (s === '') return null;
  if (s.startsWith('chan receive (nil chan)') || s.startsWith('chan send (nil chan)')) return 'nil-chan';
  if (s.startsWith('chan receive')) return 'chan-receive';
  if (s.startsWith('chan send')) return 'chan-send';
  if (s.startsWith('select (no cases)')) return 'select-no-cases';
  if (s.startsWith('select')) return 'select';
  if (s.startsWith('sync.mutex.lock')) return 'mutex';
  if (s.startsWith('sync.rwmutex.')) return 'rwmutex';
  if (s.startsWith('sync.waitgroup.wait')) return 'waitgroup';
  if (s.startsWith('sync.cond.wait')) return 'cond';
  if (s === 'io wait') return 'io-wait';
  if (s === 'sleep') return 'sleep';
  if (s === 'syscall') return 'syscall';
  if (s === 'running') return 'running';
  if (s === 'runnable' || s === 'preempted') return 'runnable';
  if (s.startsWith('gc ') || RUNTIME_STATES.has(s)) return 'runtime';
  return null;
}

type SyncKind = 'rwmutex' | 'waitgroup' | 'cond' | 'mutex';
const SYNC_RANK: Record<SyncKind, number> = { mutex: 1, cond: 2, waitgroup: 3, rwmutex: 4 };

function syncKind(f: string): SyncKind | null {
  if (/^sync\.\(\*RWMutex\)\./.test(f) || /^sync\.runtime_SemacquireRWMutex/.test(f)) return 'rwmutex';
  if (/^sync\.\(\*WaitGroup\)\.Wait/.test(f) || f === 'sync.runtime_SemacquireWaitGroup') return 'waitgroup';
  if (/^sync\.\(\*Cond\)\.Wait/.test(f) || f === 'sync.runtime_notifyListWait') return 'cond';
  if (/^(internal\/)?sync\.\(\*Mutex\)\.(Lock|lockSlow)/.test(f) || /^(internal\/)?sync\.runtime_SemacquireMutex/.test(f)) return 'mutex';
  return null;
}

/** Packages whose frames sit between the park and the caller (the blocking machinery). */
function isMachinery(f: string): boolean {
  return /^(runtime\.|runtime\/internal\/|internal\/runtime\/|sync\.|internal\/sync\.|internal\/poll\.|time\.|syscall\.|golang\.org\/x\/sys\/unix\.)/.test(f);
}

/** Scans the leading blocking machinery, innermost first; the application never decides. */
function classFromFrames(funcs: string[]): GoroutineClass | null {
  let sync: SyncKind | null = null;
  for (const f of funcs) {
    if (!isMachinery(f)) break;
    const k = syncKind(f);
    if (k) {
      // RWMutex.Lock takes a Mutex and WaitGroup/Cond park in sema: the outermost sync type names it.
      if (!sync || SYNC_RANK[k] > SYNC_RANK[sync]) sync = k;
      continue;
    }
    if (sync) {
      if (f.startsWith('sync.') || f.startsWith('internal/sync.') || f.startsWith('runtime.')) continue;
      break;
    }
    if (/^runtime\.chanrecv[12]?$/.test(f)) return 'chan-receive';
    if (/^runtime\.chansend1?$/.test(f)) return 'chan-send';
    if (f === 'runtime.selectgo') return 'select';
    if (f === 'runtime.block') return 'select-no-cases';
    if (f === 'internal/poll.runtime_pollWait' || f === 'runtime.netpollblock') return 'io-wait';
    if (f === 'time.Sleep' || f === 'runtime.timeSleep') return 'sleep';
    if (/^(syscall\.(Raw)?Syscall|syscall\.(raw)?[sS]yscall|golang\.org\/x\/sys\/unix\.(Raw)?Syscall|internal\/runtime\/syscall\.|runtime\/internal\/syscall\.|runtime\.(cgocall|asmcgocall|syscall_syscall|entersyscall))/.test(f)) return 'syscall';
  }
  return sync;
}

/** Only `runtime.*` frames: the runtime's own goroutine (GC workers, finalizers, timers),
 *  since every user goroutine has at least one frame outside the runtime. */
function isRuntimeOnly(funcs: string[]): boolean {
  return funcs.length > 0 && funcs.every((f) => f.startsWith('runtime.') || f.startsWith('internal/runtime/'));
}
