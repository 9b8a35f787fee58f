// How likely a site is where the process is stuck: what its goroutines wait on × how long ×
// how many, lowered for known idle shapes and for code that is not the application's.
// Only the order matters; the weights are set on the measured set (bench/README.md):
//  - what: a lock, WaitGroup or channel send is released only by another goroutine of the
//    program, so a long wait there is the classic stuck site; receives, Conds and selects are how
//    loops and queues idle; IO, syscalls and sleeps wait on the outside world; running code is
//    not stuck.
//  - how long: doubling the wait adds a step (log), so 9 minutes beats 0 but 500 goroutines
//    of 1 minute are not outranked by one of 60.
//  - how many: log too; a pile of waiters says more than one, but a site is one site.
import type { GoroutineClass, Group } from '../types.js';
import { codeKind, type CodeKind } from '../go-package.js';
import { groupFuncs } from './frames.js';

export const WAIT_WEIGHT: Record<GoroutineClass, number> = {
  mutex: 10,
  rwmutex: 10,
  waitgroup: 8,
  'chan-send': 8,
  'nil-chan': 8,
  // Queues and schedulers idle on a Cond as loops idle on a receive (the measured set).
  cond: 5,
  'chan-receive': 5,
  select: 3,
  // debug=1 and binary profiles hide the wait: an application frame innermost is a channel
  // operation or select most of the time (see classify.ts).
  other: 4,
  'select-no-cases': 1,
  'io-wait': 1,
  syscall: 0.5,
  sleep: 0.5,
  running: 0.5,
  runnable: 0.5,
  runtime: 0,
};

/** Code the developer owns is where a fix goes; a library's or the standard library's own
 *  goroutines (their transport loops, timers) are stuck only because the application is. */
const CODE_WEIGHT: Record<CodeKind, number> = { app: 1, library: 0.5, std: 0.25, runtime: 0 };

/** A known idle shape keeps a trace of its weight, so idle sites still sort among themselves. */
export const IDLE_FACTOR = 0.02;

export interface ScoreInput {
  group: Group;
  idle: string | null;
}

export function scoreOf({ group: g, idle }: ScoreInput, libraryPrefixes?: readonly string[]): number {
  const what = WAIT_WEIGHT[g.class];
  const code = CODE_WEIGHT[ownCode(g, libraryPrefixes)];
  const long = 1 + Math.log2(1 + Math.max(0, g.maxWaitMinutes));
  const many = 1 + Math.log2(Math.max(1, g.count));
  // Sites the multi-sample analysis already flagged (growth, leak proof, pile-ups) come first.
  const flagged = g.verdict === 'leaking' ? 3 : g.verdict === 'suspect' ? 1.5 : 1;
  return what * code * long * many * flagged * (idle ? IDLE_FACTOR : 1);
}

/** The most application-like code on the stack: app if any frame is the application's. */
export function ownCode(g: Pick<Group, 'frames'>, libraryPrefixes?: readonly string[]): CodeKind {
  let best: CodeKind = 'runtime';
  for (const f of groupFuncs(g.frames)) {
    const k = codeKind(f, libraryPrefixes);
    if (k === 'app') return 'app';
    if (k === 'library' || (k === 'std' && best === 'runtime')) best = k;
  }
  return best;
}
