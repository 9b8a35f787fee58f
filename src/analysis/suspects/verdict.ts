// What one dump says on its own. Growth needs several samples; a single dump still carries the
// runtime's own judgement (a deadlock, a test timeout) and how long each goroutine has waited on
// what. The rules (each checked on the whole measured set, bench/README.md):
//  - `fatal error: all goroutines are asleep - deadlock!`: the runtime proved no goroutine can
//    ever wake: leaking, naming the goroutines it left blocked.
//  - `panic: test timed out after …`: suspect, naming the tests running and where they wait.
//  - in a single dump, a goroutine outside the idle shapes, in application code, waiting
//    ≥ LOCK_MINUTES on a lock, WaitGroup or channel send: suspect (a healthy program holds locks
//    for milliseconds). Not a Cond: worker pools idle on one. With several samples growth decides.
//  - every goroutine outside the idle shapes blocked in application code and none running: said,
//    as a sign, not a verdict of its own.
// Other panics and fatal errors are crashes: said, but they are not a stuck process.
import type { RuntimeMessage } from '../../profile/types.js';
import type { Group, Verdict } from '../types.js';
import type { LookHere, SingleDumpVerdict } from './types.js';
import { ownCode } from './score.js';
import { plural } from '../wording.js';

/** Minutes on a lock, WaitGroup or channel send after which an application goroutine is suspect. */
export const LOCK_MINUTES = 1;

/** Waits a healthy program ends in milliseconds. Not a Cond: queues and schedulers idle on one
 *  (cockroach's raftScheduler.worker, our queue's pop), as loops idle on a receive. */
const RELEASED_BY_PROGRAM = new Set(['mutex', 'rwmutex', 'waitgroup', 'chan-send', 'nil-chan']);
const BLOCKED_ON_PROGRAM = new Set([...RELEASED_BY_PROGRAM, 'cond', 'chan-receive', 'select', 'select-no-cases']);

export interface VerdictInput {
  groups: readonly Group[];
  /** Ranked, best first (rank.ts); idle ones marked. */
  suspects: readonly LookHere[];
  messages: readonly RuntimeMessage[];
  libraryPrefixes?: readonly string[];
  /** One sample only: the long-wait rule applies. With several, growth across them decides (growth.ts). */
  single?: boolean;
}

export function singleDumpVerdict(input: VerdictInput): SingleDumpVerdict {
  const { groups, suspects, messages } = input;
  const findings: string[] = [];
  const flagged: SingleDumpVerdict['flagged'] = new Map();
  let verdict: Verdict = 'healthy';
  const top = suspects.filter((s) => s.idle === null).slice(0, 3);
  const blocked = groups.filter((g) => g.count > 0 && BLOCKED_ON_PROGRAM.has(g.class));
  const blockedCount = blocked.reduce((a, g) => a + g.count, 0);
  const first = top.length > 0 ? `; look first at ${top.map((s) => s.evidence).join('; then ')}` : '';

  const idleIds = new Set(suspects.filter((s) => s.idle !== null).map((s) => s.id));
  const deadlock = messages.find((m) => m.kind === 'deadlock');
  if (deadlock) {
    verdict = 'leaking';
    for (const g of blocked) {
      if (!idleIds.has(g.id)) flagged.set(g.id, { verdict: 'leaking', evidence: 'left blocked for good by the deadlock the runtime found' });
    }
    findings.push(`the runtime found a deadlock (${deadlock.text}): it left ${plural(blockedCount, 'goroutine')} blocked for good${first}`);
  }
  const timeout = messages.find((m) => m.kind === 'test-timeout');
  if (timeout) {
    if (verdict !== 'leaking') verdict = 'suspect';
    const running = messages.filter((m) => m.kind === 'running-test').map((m) => m.text);
    const tests = running.length > 0 ? ` while running ${running.slice(0, 3).join(', ')}${running.length > 3 ? ', …' : ''}` : '';
    findings.push(`a test timed out (${timeout.text})${tests} with ${plural(blockedCount, 'goroutine')} blocked${first}`);
  }

  const ranked = new Set(suspects.map((s) => s.id));
  const ownLongWaits = groups.filter(
    (g) => g.count > 0 && RELEASED_BY_PROGRAM.has(g.class) && g.maxWaitMinutes >= LOCK_MINUTES && ranked.has(g.id) && !idleIds.has(g.id) &&
      ownCode(g, input.libraryPrefixes) === 'app',
  );
  if (input.single !== false && ownLongWaits.length > 0) {
    if (verdict === 'healthy') verdict = 'suspect';
    const n = ownLongWaits.reduce((a, g) => a + g.count, 0);
    const longest = Math.max(...ownLongWaits.map((g) => g.maxWaitMinutes));
    for (const g of ownLongWaits) {
      if (!flagged.has(g.id)) flagged.set(g.id, { verdict: 'suspect', evidence: `waited up to ${plural(g.maxWaitMinutes, 'minute')} in application code, a wait a healthy program ends in milliseconds` });
    }
    findings.push(`${plural(n, 'goroutine')} of the application ${n === 1 ? 'has' : 'have'} waited ≥ ${plural(LOCK_MINUTES, 'minute')} (up to ${plural(longest, 'minute')}) on a lock, WaitGroup or channel send, which a healthy program releases in milliseconds`);
  }

  const live = groups.filter((g) => g.count > 0 && g.class !== 'runtime');
  const busy = live.filter((g) => (g.class === 'running' || g.class === 'runnable') && !idleIds.has(g.id));
  const awake = live.filter((g) => !BLOCKED_ON_PROGRAM.has(g.class) && !idleIds.has(g.id));
  const stuckApp = live.filter((g) => BLOCKED_ON_PROGRAM.has(g.class) && !idleIds.has(g.id) && ownCode(g, input.libraryPrefixes) === 'app');
  if (busy.length === 0 && awake.length === 0 && stuckApp.length > 0) {
    findings.push(`nothing is running: every goroutine outside the known idle shapes (${plural(stuckApp.reduce((a, g) => a + g.count, 0), 'goroutine')}) is blocked in application code on a lock, WaitGroup, Cond or channel`);
  }

  const crash = messages.find((m) => m.kind === 'panic' || m.kind === 'fatal');
  if (crash && !deadlock && !timeout) findings.push(`the process crashed (${crash.text}): a crash, not a stuck process`);
  return { verdict, findings, flagged };
}
