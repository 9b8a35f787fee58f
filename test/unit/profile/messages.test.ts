// Runtime messages around a dump (deadlock, test timeout, panics, signals) land in Profile.messages.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseDump, parseDumpStream } from '../../../src/profile/index.js';
import { MAX_MESSAGES, runtimeMessage } from '../../../src/profile/messages.js';

const DEADLOCK = `fatal error: all goroutines are asleep - deadlock!

goroutine 1 [semacquire]:
sync.runtime_Semacquire(0xc000012345)
\t/usr/local/go/src/runtime/sema.go:56 +0x45
sync.(*WaitGroup).Wait(0xc000012340)
\t/usr/local/go/src/sync/waitgroup.go:130 +0x65
main.main()
\t/app/main.go:20 +0x1a5
exit status 2
`;

const TIMEOUT = `=== RUN   TestHang
panic: test timed out after 10m0s
running tests:
\tTestHang (10m0s)

goroutine 7 [running]:
testing.(*M).startAlarm.func1()
\t/usr/local/go/src/testing/testing.go:2366 +0x385
created by time.goFunc
\t/usr/local/go/src/time/sleep.go:177 +0x2d

goroutine 8 [sync.Mutex.Lock, 9 minutes]:
main.TestHang(0xc000130340)
\t/app/hang_test.go:12 +0x3ab
FAIL\tapp\t600.012s
`;

describe('runtime messages', () => {
  it('a deadlock is kept with its line, and the goroutine is still read', () => {
    const p = parseDump(DEADLOCK);
    expect(p.messages).toEqual([{ kind: 'deadlock', text: 'fatal error: all goroutines are asleep - deadlock!', line: 1 }]);
    expect(p.total).toBe(1);
  });

  it('a test timeout names the tests it found running (Go 1.21+)', () => {
    const p = parseDump(TIMEOUT);
    expect(p.messages?.map((m) => [m.kind, m.text])).toEqual([
      ['test-timeout', 'panic: test timed out after 10m0s'],
      ['running-tests', 'running tests:'],
      ['running-test', 'TestHang (10m0s)'],
    ]);
    expect(p.total).toBe(2);
  });

  it('the stream parser finds the same messages in any chunking', async () => {
    const want = parseDump(TIMEOUT);
    const got = await parseDumpStream(Readable.from([TIMEOUT.slice(0, 5), TIMEOUT.slice(5, 40), TIMEOUT.slice(40)]));
    expect(got.messages).toEqual(want.messages);
  });

  it('other panics, fatal errors and signals are told apart; prose is not a message', () => {
    expect(runtimeMessage('panic: runtime error: index out of range [5] with length 3', false)?.kind).toBe('panic');
    expect(runtimeMessage('fatal error: concurrent map writes', false)?.kind).toBe('fatal');
    expect(runtimeMessage('SIGQUIT: quit', false)?.kind).toBe('signal');
    expect(runtimeMessage('the server said panic: no', false)).toBeNull();
    expect(runtimeMessage('\tTestHang (10m0s)', false)).toBeNull(); // only right under `running tests:`
  });

  it('a log that repeats its panic keeps at most MAX_MESSAGES of them', () => {
    const p = parseDump(`${'panic: again\n'.repeat(MAX_MESSAGES + 5)}\n${DEADLOCK}`);
    expect(p.messages).toHaveLength(MAX_MESSAGES);
  });
});
