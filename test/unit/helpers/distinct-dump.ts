// A debug=2 dump in which every goroutine has a stack of its own (the worst case for memory:
// nothing merges), deterministic for given arguments. One goroutine in `leakEvery` is a leak
// whose stacks are all distinct too: the same function and line at the top (main.leakyWorker,
// blocked 30 minutes on a channel send) reached through a caller of its own. The rest wait
// in functions of their own. About 250 bytes a goroutine. Used by tests and bench/distinct.

export interface DistinctDumpOptions {
  /** Goroutines (= distinct stacks). */
  goroutines: number;
  /** Every leakEvery-th goroutine is at the leak (0: none). Default 10. */
  leakEvery?: number;
}

export const LEAK_FUNCTION = 'main.leakyWorker';
export const LEAK_LOCATION = '/app/leak.go:42';

/** The dump in pieces of about `piece` goroutines, so a caller can stream 100 MB to a file. */
export function* distinctDumpPieces(o: DistinctDumpOptions, piece = 10_000): Generator<string> {
  const every = o.leakEvery ?? 10;
  let out: string[] = [];
  for (let i = 0; i < o.goroutines; i++) {
    const id = i + 2;
    const leak = every > 0 && i % every === 0;
    if (leak) {
      out.push(
        `goroutine ${id} [chan send, 30 minutes]:`,
        'runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)',
        '\t/usr/local/go/src/runtime/proc.go:398 +0xce',
        'runtime.chansend(0xc000012345, 0xc000067f30, 0x1, 0x0?)',
        '\t/usr/local/go/src/runtime/chan.go:259 +0x38d',
        `${LEAK_FUNCTION}(0xc000012345)`,
        `\t${LEAK_LOCATION} +0x2a`,
        `main.caller${i}(...)`,
        `\t/app/callers.go:${(i % 5000) + 1} +0x1d`,
        `created by main.spawn in goroutine 1`,
        '\t/app/main.go:20 +0x25',
        '',
      );
    } else {
      out.push(
        i % 7 === 0 ? `goroutine ${id} [select]:` : `goroutine ${id} [select, ${i % 7} minutes]:`,
        'runtime.gopark(0x0?, 0x0?, 0x0?, 0x0?, 0x0?)',
        '\t/usr/local/go/src/runtime/proc.go:398 +0xce',
        `example.com/svc/handlers.serve${i}(0xc000098000)`,
        `\t/app/handlers/h${i % 100}.go:${(i % 900) + 10} +0x1d`,
        `created by example.com/svc/server.(*Server).Start in goroutine 1`,
        '\t/app/server/server.go:77 +0x25',
        '',
      );
    }
    if (out.length >= piece * 8) {
      yield `${out.join('\n')}\n`;
      out = [];
    }
  }
  if (out.length > 0) yield `${out.join('\n')}\n`;
}

/** The whole dump as one string (small sizes: tests). */
export function distinctDump(o: DistinctDumpOptions): string {
  return [...distinctDumpPieces(o)].join('');
}
