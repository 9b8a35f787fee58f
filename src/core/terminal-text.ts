// Text bound for a terminal or a log. Function names and paths in dumps, host names, node error
// text and webhook payloads are data: an ESC, OSC or BEL in them would set the window title,
// clear the screen, plant a link or write the clipboard, and a newline would forge a log line.
// Every C0 and C1 control character (and DEL) becomes a visible escape instead. The escapes are
// JSON's own (`\n`, `\u001b`), so JSON text stays valid JSON after this.

/** Control characters but tab and newline: multi-line text keeps its lines. */
// eslint-disable-next-line no-control-regex
const IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** Every control character: one value, or one log line, stays on one line. */
// eslint-disable-next-line no-control-regex
const IN_LINE = /[\u0000-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const ANY = /[\u0000-\u001f\u007f-\u009f]/;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeControl(c: string): string {
  return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Multi-line output (a summary, a table, JSON): every control character but `\t` and `\n` escaped. */
export function terminalText(s: string): string {
  return ANY.test(s) ? s.replace(IN_TEXT, escapeControl) : s;
}

/** One line (a log line, one value in a table): every control character escaped, newlines too. */
export function terminalLine(s: string): string {
  return ANY.test(s) ? s.replace(IN_LINE, escapeControl) : s;
}

/**
 * A value (a report, a diff, a gate result) with every string in it, keys included, made safe to
 * print as one line each: what a renderer lays out on lines is then the only newline there is.
 * Plain objects and arrays are copied only where something changed; other objects pass as they are.
 */
export function terminalSafe<T>(value: T): T {
  return safe(value) as T;
}

function safe(v: unknown): unknown {
  if (typeof v === 'string') return terminalLine(v);
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const s = safe(v[i]);
      if (s !== v[i]) (copy ??= v.slice())[i] = s;
    }
    return copy ?? v;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  let copy: [string, unknown][] | null = null;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const sk = terminalLine(k);
    const sx = safe(o[k]);
    if (copy === null && (sk !== k || sx !== o[k])) copy = keys.slice(0, i).map((kk) => [kk, o[kk]]);
    copy?.push([sk, sx]);
  }
  // fromEntries defines own properties: a key `__proto__` from data stays a key.
  return copy === null ? v : Object.fromEntries(copy);
}
