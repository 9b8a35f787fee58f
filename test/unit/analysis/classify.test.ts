import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/analysis/classify.js';
import { frames } from './helpers.js';

const app = 'main.work /app/main.go:10';

describe('classify from the wait reason', () => {
  it.each([
    ['chan receive', 'chan-receive'],
    ['chan send', 'chan-send'],
    ['chan receive (nil chan)', 'nil-chan'],
    ['chan send (nil chan)', 'nil-chan'],
    ['select', 'select'],
    ['select (no cases)', 'select-no-cases'],
    ['sync.Mutex.Lock', 'mutex'],
    ['sync.RWMutex.RLock', 'rwmutex'],
    ['sync.RWMutex.Lock', 'rwmutex'],
    ['sync.WaitGroup.Wait', 'waitgroup'],
    ['sync.Cond.Wait', 'cond'],
    ['IO wait', 'io-wait'],
    ['sleep', 'sleep'],
    ['syscall', 'syscall'],
    ['running', 'running'],
    ['runnable', 'runnable'],
    ['GC worker (idle)', 'runtime'],
    ['GC sweep wait', 'runtime'],
    ['GC scavenge wait', 'runtime'],
    ['force gc (idle)', 'runtime'],
    ['finalizer wait', 'runtime'],
    ['timer goroutine (idle)', 'runtime'],
    ['chan receive (synctest)', 'chan-receive'],
  ] as const)('[%s] → %s', (state, cls) => {
    expect(classify(state, frames(app))).toBe(cls);
  });

  it('ignores minutes, locked-to-thread and (leaked) left on the state', () => {
    expect(classify('chan send (leaked)', frames(app))).toBe('chan-send');
    expect(classify('select, 15 minutes, locked to thread', frames(app))).toBe('select');
  });

  it('IO wait under net.(*conn).Read is io-wait', () => {
    const fs = frames(
      'internal/poll.runtime_pollWait runtime/netpoll.go:343',
      'internal/poll.(*pollDesc).wait internal/poll/fd_poll_runtime.go:84',
      'net.(*conn).Read net/net.go:179',
      app,
    );
    expect(classify('IO wait', fs)).toBe('io-wait');
  });
});

describe('Go 1.19 [semacquire] is decided by the frames', () => {
  const sema = 'runtime.semacquire1 runtime/sema.go:160';
  it('WaitGroup.Wait → waitgroup', () => {
    const fs = frames('runtime.gopark runtime/proc.go:363', sema, 'sync.runtime_Semacquire runtime/sema.go:62', 'sync.(*WaitGroup).Wait sync/waitgroup.go:139', app);
    expect(classify('semacquire', fs)).toBe('waitgroup');
  });
  it('Mutex.Lock → mutex', () => {
    const fs = frames(sema, 'sync.runtime_SemacquireMutex runtime/sema.go:77', 'sync.(*Mutex).lockSlow sync/mutex.go:171', 'sync.(*Mutex).Lock sync/mutex.go:90', app);
    expect(classify('semacquire', fs)).toBe('mutex');
  });
  it('RWMutex.Lock (which takes a Mutex first) → rwmutex', () => {
    const fs = frames(sema, 'sync.runtime_SemacquireMutex runtime/sema.go:77', 'sync.(*Mutex).lockSlow sync/mutex.go:171', 'sync.(*Mutex).Lock sync/mutex.go:90', 'sync.(*RWMutex).Lock sync/rwmutex.go:147', app);
    expect(classify('semacquire', fs)).toBe('rwmutex');
  });
  it('RWMutex.RLock → rwmutex', () => {
    const fs = frames(sema, 'sync.runtime_SemacquireMutex runtime/sema.go:77', 'sync.(*RWMutex).RLock sync/rwmutex.go:71', app);
    expect(classify('semacquire', fs)).toBe('rwmutex');
  });
  it('Cond.Wait → cond', () => {
    const fs = frames('sync.runtime_notifyListWait runtime/sema.go:513', 'sync.(*Cond).Wait sync/cond.go:56', app);
    expect(classify('semacquire', fs)).toBe('cond');
  });
  it('a semacquire the frames do not explain is other', () => {
    expect(classify('semacquire', frames(sema, app))).toBe('other');
  });
  it('Go 1.24+ internal/sync mutex frames → mutex', () => {
    const fs = frames('internal/sync.runtime_SemacquireMutex runtime/sema.go:95', 'internal/sync.(*Mutex).lockSlow internal/sync/mutex.go:149', 'sync.(*Mutex).Lock sync/mutex.go:46', app);
    expect(classify('', fs)).toBe('mutex');
  });
});

describe('no wait reason (debug=1, binary pprof): frames alone', () => {
  const park = 'runtime.gopark runtime/proc.go:398';
  it.each([
    [['runtime.chanrecv runtime/chan.go:583', 'runtime.chanrecv1 runtime/chan.go:442'], 'chan-receive'],
    [['runtime.chanrecv runtime/chan.go:583', 'runtime.chanrecv2 runtime/chan.go:447'], 'chan-receive'],
    [['runtime.chansend runtime/chan.go:259', 'runtime.chansend1 runtime/chan.go:145'], 'chan-send'],
    [['runtime.selectgo runtime/select.go:327'], 'select'],
    [['runtime.block runtime/select.go:104'], 'select-no-cases'],
    [['sync.runtime_SemacquireMutex runtime/sema.go:77', 'sync.(*Mutex).Lock sync/mutex.go:90'], 'mutex'],
    [['sync.runtime_Semacquire runtime/sema.go:62', 'sync.(*WaitGroup).Wait sync/waitgroup.go:116'], 'waitgroup'],
    [['sync.runtime_SemacquireWaitGroup runtime/sema.go:110', 'sync.(*WaitGroup).Wait sync/waitgroup.go:118'], 'waitgroup'],
    [['internal/poll.runtime_pollWait runtime/netpoll.go:343', 'internal/poll.(*pollDesc).wait internal/poll/fd_poll_runtime.go:84'], 'io-wait'],
    [['time.Sleep runtime/time.go:195'], 'sleep'],
    [['syscall.Syscall syscall/syscall_linux.go:69', 'syscall.read syscall/zsyscall_linux_amd64.go:721'], 'syscall'],
    [['runtime.cgocall runtime/cgocall.go:157', 'main._Cfunc_sleep _cgo_gotypes.go:56'], 'syscall'],
  ] as const)('%j → %s', (inner, cls) => {
    expect(classify('', frames(park, ...inner, app))).toBe(cls);
  });

  it('debug=1 hides the runtime frames: a bare application frame is other', () => {
    expect(classify('', frames(app))).toBe('other');
  });
  it('runtime.gopark alone under application code is other', () => {
    expect(classify('', frames(park, app))).toBe('other');
  });
  it('a stack of runtime frames only is the runtime (GC worker, finalizer)', () => {
    expect(classify('', frames(park, 'runtime.gcBgMarkWorker runtime/mgc.go:1293', 'runtime.goexit runtime/asm_amd64.s:1650'))).toBe('runtime');
    expect(classify('', frames(park, 'runtime.runfinq runtime/mfinal.go:193'))).toBe('runtime');
  });
  it('the blocking call decides, not time.Sleep further out in the caller', () => {
    const fs = frames(park, 'runtime.chanrecv1 runtime/chan.go:442', 'main.waitThenSleep /app/main.go:5', 'time.Sleep runtime/time.go:195');
    expect(classify('', fs)).toBe('chan-receive');
  });
});
