// pprof label maps as Go prints them: `# labels: {"k":"v"}` (debug=1) and, in tracebacks
// (Go 1.27+), `{k: "v"}` or `labels:{"k": "v"}`. Lenient: quoted or bare keys and values,
// Go escapes (\", \\, \n, \t, \xHH, \uHHHH, \UHHHHHHHH, octal).

export type Labels = Record<string, string>;

/** The label map in `text` (which starts at `{`), or null when there is none or it is empty. */
export function parseLabels(text: string): Labels | null {
  const t = text.trim();
  if (!t.startsWith('{')) return null;
  if (t.startsWith('{"')) {
    try {
      const v: unknown = JSON.parse(t);
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const out: Labels = {};
        let n = 0;
        for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
          set(out, k, typeof val === 'string' ? val : JSON.stringify(val));
          n++;
        }
        return n > 0 ? out : null;
      }
    } catch {
      // Not JSON (Go %q escapes such as \x00 are not JSON): fall through to the lenient reader.
    }
  }
  return readMap(t);
}

/** A stable text for a label map, for signatures: keys sorted. */
export function labelsKey(labels: Labels | null): string {
  if (labels === null) return '';
  const keys = Object.keys(labels).sort();
  let s = '';
  for (const k of keys) s += `${JSON.stringify(k)}:${JSON.stringify(labels[k])},`;
  return s;
}

/** Index just past the `}` closing the `{` at `open`, honouring quotes; -1 if unclosed. */
export function skipBraces(s: string, open: number): number {
  let depth = 0;
  let inQuote = false;
  for (let i = open; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inQuote) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inQuote = false;
    } else if (c === 34) inQuote = true;
    else if (c === 123 /* { */) depth++;
    else if (c === 125 /* } */) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function readMap(t: string): Labels | null {
  const out: Labels = {};
  let n = 0;
  let i = 1;
  const len = t.length;
  while (i < len) {
    while (i < len && (t[i] === ' ' || t[i] === ',' || t[i] === '\t')) i++;
    if (i >= len || t[i] === '}') break;
    let key: string;
    if (t[i] === '"') {
      const q = readQuoted(t, i);
      key = q.value;
      i = q.end;
      while (i < len && t[i] === ' ') i++;
      if (t[i] === ':') i++;
    } else {
      const colon = t.indexOf(':', i);
      if (colon < 0) break;
      key = t.slice(i, colon).trim();
      i = colon + 1;
    }
    while (i < len && t[i] === ' ') i++;
    let value: string;
    if (t[i] === '"') {
      const q = readQuoted(t, i);
      value = q.value;
      i = q.end;
    } else {
      let j = i;
      while (j < len && t[j] !== ',' && t[j] !== '}') j++;
      value = t.slice(i, j).trim();
      i = j;
    }
    set(out, key, value);
    n++;
  }
  return n > 0 ? out : null;
}

function set(out: Labels, key: string, value: string): void {
  // defineProperty so a key named __proto__ is data, not a prototype change.
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Reads a Go-quoted string starting at the quote at `start`. */
function readQuoted(t: string, start: number): { value: string; end: number } {
  let out = '';
  let i = start + 1;
  const len = t.length;
  while (i < len) {
    const ch = t[i];
    if (ch === '"') return { value: out, end: i + 1 };
    if (ch !== '\\' || i + 1 >= len) {
      out += ch;
      i++;
      continue;
    }
    const e = t[i + 1];
    i += 2;
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case 'x':
      case 'u':
      case 'U': {
        const width = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = t.slice(i, i + width);
        const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === width ? parseInt(hex, 16) : NaN;
        if (Number.isFinite(code) && code <= 0x10ffff) {
          out += String.fromCodePoint(code);
          i += width;
        } else out += e;
        break;
      }
      default:
        if (e >= '0' && e <= '7' && /^[0-7]{3}$/.test(t.slice(i - 1, i + 2))) {
          out += String.fromCharCode(parseInt(t.slice(i - 1, i + 2), 8));
          i += 2;
        } else out += e; // \" \\ and anything unknown: the character itself
    }
  }
  return { value: out, end: len };
}
