// Evidence in words: "2 goroutines waiting 9 minutes to lock an RWMutex at
// clientv3/client.go:286 in (*Client).retryConnection".
import type { GoroutineClass, Group } from '../types.js';
import { n, plural } from '../wording.js';
import { frameFunc, shortFunc } from './frames.js';

function what(g: Pick<Group, 'class' | 'frames'>): string {
  const c: GoroutineClass = g.class;
  switch (c) {
    case 'mutex': return 'to lock a Mutex';
    case 'rwmutex': return g.frames.some((f) => /^sync\.\(\*RWMutex\)\.RLock/.test(frameFunc(f))) ? 'to read-lock an RWMutex' : 'to lock an RWMutex';
    case 'waitgroup': return 'on a WaitGroup';
    case 'cond': return 'on a sync.Cond';
    case 'chan-send': return 'to send on a channel';
    case 'chan-receive': return 'to receive from a channel';
    case 'nil-chan': return 'on a nil channel, which never wakes';
    case 'select': return 'in a select';
    case 'select-no-cases': return 'in an empty select, which never wakes';
    case 'io-wait': return 'for network or file IO';
    case 'syscall': return 'in a system call';
    case 'sleep': return 'in a sleep';
    case 'running': return 'running';
    case 'runnable': return 'runnable';
    case 'runtime': return 'in the runtime';
    default: return 'in an operation the dump does not name (debug=1 and binary profiles hide it)';
  }
}

function howLong(g: Pick<Group, 'count' | 'maxWaitMinutes'>): string {
  if (g.maxWaitMinutes <= 0) return '';
  const m = plural(g.maxWaitMinutes, 'minute');
  return g.count > 1 ? ` up to ${m}` : ` ${m}`;
}

export function siteSentence(g: Group, idle: string | null): string {
  const verb = g.class === 'running' || g.class === 'runnable' ? '' : ' waiting';
  const head = `${plural(g.count, 'goroutine')}${verb}${howLong(g)} ${what(g)}`;
  const where = ` at ${g.location} in ${shortFunc(g.function)}`;
  return `${head}${where}${idle ? ` (looks idle: ${idle})` : ''}`;
}

export { n };
