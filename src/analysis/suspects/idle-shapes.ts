// Known idle shapes: goroutines a healthy Go program keeps parked for hours. They rank low so a
// stuck site is not buried under them. Each shape is told from the goroutine's frames alone:
//
//   accept loop         net.(*TCPListener).Accept, (*netFD).accept, internal/poll.(*FD).Accept
//   HTTP keep-alive     net/http's server connection reads and client persistConn loops, HTTP/2's
//                       read loops, gRPC's transport readers, writers and keepalive loops
//   signal handler      os/signal.signal_recv / os/signal.loop
//   test harness        testing.(*T).Run waiting for its subtests, (*T).Parallel, the timeout alarm
//   the dump itself     runtime/pprof writing the profile, runtime.Stack / debug.Stack
//   event loop          a goroutine parked in select, a channel receive or a Cond in its own entry
//                       function: a loop waiting for work, ticks or the end (`for { select {…} }`,
//                       `for x := range ch`, `select {}` in main), as every worker pool and
//                       ticker loop does
// GC and runtime workers have class `runtime` and score nothing (score.ts).
import type { Group } from '../types.js';
import { codeKind } from '../go-package.js';
import { boundedMemo } from '../memo.js';
import { groupFuncs } from './frames.js';

interface Shape {
  name: string;
  /** Any frame's function matches. */
  test: RegExp;
}

const SHAPES: Shape[] = [
  { name: 'an accept loop', test: /^net\.\(\*(TCP|Unix)Listener\)\.(Accept|accept)|^net\.\(\*netFD\)\.accept$|^internal\/poll\.\(\*FD\)\.Accept$|^syscall\.Accept/ },
  {
    name: 'an HTTP keep-alive connection',
    test: /^net\/http\.\(\*(persistConn\)\.(readLoop|writeLoop)|conn\)\.serve|connReader\)\.backgroundRead|http2serverConn\)\.(serve|readFrames)|http2ClientConn\)\.readLoop|http2clientConnReadLoop\)\.run)$|^golang\.org\/x\/net\/http2\.\(\*(serverConn\)\.(serve|readFrames)|ClientConn\)\.readLoop|clientConnReadLoop\)\.run)$/,
  },
  {
    name: 'a gRPC transport loop',
    test: /^google\.golang\.org\/grpc\/(internal\/)?transport\.(\(\*(http2Client|http2Server)\)\.(reader|keepalive|HandleStreams|controller)|\(\*loopyWriter\)\.run|newHTTP2Client\.func\d+|NewServerTransport\.func\d+)$/,
  },
  { name: 'a signal handler', test: /^os\/signal\.(signal_recv|loop)$/ },
  { name: 'the test harness waiting for a test', test: /^testing\.(\(\*T\)\.(Run|Parallel)|\(\*M\)\.startAlarm\.func\d+|runTests|tRunner\.func\d+|\(\*M\)\.Run)$/ },
  { name: 'the goroutine printing the dump', test: /^runtime\/pprof\.(writeGoroutineStacks|writeGoroutine|writeRuntimeProfile)$|^runtime\.Stack$|^runtime\/debug\.Stack$/ },
];

/** Classes a loop waiting for work parks in; `select {}` is main's block-forever idiom; `other`
 *  is debug=1's and pprof's hidden wait (an application frame innermost, nothing else known). */
const LOOP_WAIT = new Set(['select', 'chan-receive', 'cond', 'sleep', 'select-no-cases', 'other']);

/** The idle shape a group has, or null. A site the multi-sample analysis calls leaking (growth,
 *  leak proof, an old pile-up on the program itself) is no idle shape whatever its frames. */
export function idleShape(g: Pick<Group, 'frames' | 'class' | 'verdict'>): string | null {
  if (g.verdict === 'leaking') return null;
  const funcs = groupFuncs(g.frames);
  const library = libraryIdleShape(funcs);
  if (library) return library;
  if (LOOP_WAIT.has(g.class) && waitsInEntryFunction(funcs)) return 'a loop waiting for work in its entry function';
  return null;
}

/**
 * A library's or the runtime's own idle shape: a frame of the shape with no application frame
 * inside it (innermost first). A handler that blocks under net/http.(*conn).serve is the
 * application waiting, not an idle connection. Used by the age evidence too (evidence.ts): a
 * pile of these parked for hours is a server at rest, not proof of a leak.
 */
export function libraryIdleShape(funcs: readonly string[]): string | null {
  for (let i = 0; i < funcs.length; i++) {
    const f = frameShape(funcs[i]);
    if (f !== NO_SHAPE) return f;
  }
  return null;
}

const NO_SHAPE = '';

/** Per function, what it says of the shape: null (application code: no idle shape), a shape's
 *  name, or NO_SHAPE (look further out). Memoized: every group of every host asks again. */
const frameShape = boundedMemo((func: string): string | null => {
  if (codeKind(func) === 'app') return null;
  for (const s of SHAPES) if (s.test.test(func)) return s.name;
  return NO_SHAPE;
});

/** The innermost frame past the blocking machinery is the outermost frame: the goroutine's own
 *  function parks (`go worker()` waiting in its select), no call below it is in progress. */
function waitsInEntryFunction(funcs: string[]): boolean {
  const own = funcs.filter((f) => !MACHINERY.test(f));
  return own.length === 1;
}

/** The park and the primitives it goes through; what is left is code that chose to wait. */
const MACHINERY = /^(runtime\.|runtime\/internal\/|internal\/runtime\/|sync\.|internal\/sync\.|internal\/poll\.|time\.|context\.)/;
