// The runtime's own words around a dump: `fatal error: all goroutines are asleep - deadlock!`,
// `panic: test timed out after 10m0s` (with the `running tests:` list Go 1.21+ prints under it),
// other `fatal error:` and `panic:` lines, and a signal that stopped the process (`SIGQUIT: quit`).
// They say more about a single dump than any stack: the runtime has already judged it.
// Read only on lines outside any goroutine (lines.ts), so they cost nothing on the hot path.
import type { RuntimeMessage } from './types.js';

/** A dump pasted from CI logs may repeat its panic; a few are enough to judge it. */
export const MAX_MESSAGES = 20;
/** Long enough for any runtime message, short enough that a log line cannot bloat a report. */
const MAX_TEXT = 300;

/** The message this line is, or null. `inRunningTests`: the previous message was `running tests:`. */
export function runtimeMessage(line: string, inRunningTests: boolean): Omit<RuntimeMessage, 'line'> | null {
  const t = line.trim();
  if (t.length === 0) return null;
  if (inRunningTests && /^\S+ \(\d[\dhms.µn]*\)$/.test(t)) return { kind: 'running-test', text: cut(t) };
  const c0 = t.charCodeAt(0);
  if (c0 === 102 /* f */ && t.startsWith('fatal error: ')) {
    const kind = t.startsWith('fatal error: all goroutines are asleep') ? 'deadlock' : 'fatal';
    return { kind, text: cut(t) };
  }
  if (c0 === 112 /* p */ && t.startsWith('panic: ')) {
    const kind = t.startsWith('panic: test timed out after ') ? 'test-timeout' : 'panic';
    return { kind, text: cut(t) };
  }
  if (c0 === 114 /* r */ && t === 'running tests:') return { kind: 'running-tests', text: t };
  if (c0 === 83 /* S */ && /^SIG[A-Z]+: /.test(t)) return { kind: 'signal', text: cut(t) };
  return null;
}

function cut(t: string): string {
  return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT)}…` : t;
}
