// Delve's goroutine listing (`goroutines -t` after `dlv attach`): what a service without
// net/http/pprof can still tell. It is rewritten into Go's own debug=2 traceback text, so one
// parser (and its grouping, classes and verdicts) reads both.
//
//   * Goroutine 19 - User: ./srv.go:11 main.leak (0x61243b) [chan receive]
//   	0  0x0000000000439476 in runtime.gopark
//   	    at /usr/lib/go-1.19/src/runtime/proc.go:364
//   	1  0x000000000061243b in main.leak
//   	    at ./srv.go:11

const HEADER = /^\s*\*?\s*Goroutine (\d+) - [A-Za-z ]+: .*?(?:\[([^\]]*)\])?\s*$/;
const FRAME = /^\s*\d+\s+0x[0-9a-f]+ in (\S.*?)\s*$/;
const AT = /^\s*at (.+):(\d+)\s*$/;

/** True when the text is a Delve goroutine listing (its first goroutine header within the first 64 KB). */
export function looksLikeDelve(text: string): boolean {
  return /^\s*\*?\s*Goroutine \d+ - (User|Runtime|Go|Start): /m.test(text.slice(0, 65536));
}

/** The listing as debug=2 text: `goroutine N [reason]:` then `func(...)` / `\tfile:line` pairs. */
export function delveToTraceback(text: string): string {
  const out: string[] = [];
  let open = false;
  let pendingFunc: string | null = null;
  for (const line of text.split('\n')) {
    const h = HEADER.exec(line);
    if (h) {
      if (open) out.push('');
      // Delve may add the time waited or labels after the reason; the reason is its first words.
      const reason = (h[2] ?? 'running').replace(/\s+\d+\s*(m|min|minutes)?$/, '').trim() || 'running';
      out.push(`goroutine ${h[1]} [${reason}]:`);
      open = true;
      pendingFunc = null;
      continue;
    }
    if (!open) continue;
    const f = FRAME.exec(line);
    if (f) {
      pendingFunc = f[1];
      continue;
    }
    const at = AT.exec(line);
    if (at && pendingFunc !== null) {
      // runtime.goexit ends every stack Delve prints; Go's traceback leaves it out.
      if (pendingFunc !== 'runtime.goexit') out.push(`${pendingFunc}(...)`, `\t${at[1]}:${at[2]} +0x0`);
      pendingFunc = null;
    }
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}
