// Where a goroutine "is" for a human: the first frame in the application's own code.
//
// Order of preference, innermost first:
//   1. the innermost application frame (not runtime, not standard library, not a well-known
//      library such as golang.org/x/… or gRPC) — the line the developer has to look at;
//   2. otherwise the goroutine's entry point in library code (outermost library frame, e.g.
//      `google.golang.org/grpc/internal/transport.(*http2Client).reader`);
//   3. otherwise its entry point in the standard library (outermost non-runtime frame, e.g.
//      `net/http.(*persistConn).readLoop`): for a goroutine made entirely of library code the
//      function that started it names the object whose lifetime leaks, while the innermost
//      frames (`internal/poll.runtime_pollWait`) are the same for every such goroutine;
//   4. otherwise (the runtime's own goroutines) the first frame past the parking machinery:
//      `runtime.bgsweep`, not `runtime.gopark`, which every parked goroutine shares.
import type { Frame } from '../profile/types.js';
import { codeKind, WELL_KNOWN_LIBRARIES, type CodeKind } from './go-package.js';
import { displayFile, normalizeFunc } from './normalize.js';

/** Runtime functions every parked or idle goroutine passes through. */
const PARKING = /^runtime\.(gopark|goparkunlock|park_m|mcall|semacquire1?|notetsleepg?|notesleep|semasleep|pthread_cond_wait|futex\w*|stopm|\(\*\w+\)\.park|goexit)$/;

export interface Location {
  /** `file:line` with the build machine's prefix removed (see displayFile). */
  location: string;
  function: string;
}

export function locate(frames: Frame[], libraryPrefixes: readonly string[] = WELL_KNOWN_LIBRARIES): Location {
  if (frames.length === 0) return { location: '?', function: '?' };
  const kinds: CodeKind[] = frames.map((f) => codeKind(normalizeFunc(f.func), libraryPrefixes));
  let i = kinds.indexOf('app');
  if (i < 0) i = kinds.lastIndexOf('library');
  if (i < 0) i = kinds.lastIndexOf('std');
  if (i < 0) i = Math.max(0, frames.findIndex((f) => !PARKING.test(normalizeFunc(f.func))));
  return describe(frames[i]);
}

export function describe(frame: Frame): Location {
  const file = frame.file ? displayFile(frame.file) : '?';
  return { location: frame.line > 0 ? `${file}:${frame.line}` : file, function: normalizeFunc(frame.func) };
}
