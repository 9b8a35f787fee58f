// One traceback header, in every form Go has printed:
//   goroutine 7 [chan receive, 15 minutes]:
//   goroutine 7 [select, 6 minutes, locked to thread]:
//   goroutine 5 gp=0xc000003500 m=nil [chan receive]:          (Go 1.22+)
//   goroutine 9 [chan send (leaked)]:                          (goroutineleak profile)
//   goroutine 1 [running]{k: "v"}:  and  goroutine 1 [running labels:{"k": "v"}]:   (Go 1.27+)
import { parseLabels, skipBraces, type Labels } from './labels.js';

export interface Header {
  id: number;
  /** Wait reason without minutes, flags or `(leaked)`; '' when the brackets are empty. */
  state: string;
  waitMinutes: number;
  lockedToThread: boolean;
  leaked: boolean;
  labels: Labels | null;
}

const PREFIX = 'goroutine ';

/** The header starting at `from` in `line`, or null when the text there is not a header. */
export function parseHeader(line: string, from = 0): Header | null {
  if (!line.startsWith(PREFIX, from)) return null;
  const len = line.length;
  let i = from + PREFIX.length;
  const idStart = i;
  let id = 0;
  while (i < len) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) break;
    id = id * 10 + (c - 48);
    i++;
  }
  if (i === idStart || i - idStart > 19) return null;
  // Then a blank, optional `gp=0x… m=… mp=0x…` tokens (Go 1.22+), and the bracket.
  if (line.charCodeAt(i) !== 32) return null;
  const open = line.indexOf('[', i);
  if (open < 0) return null;
  if (open > i + 1) {
    for (const tok of line.slice(i + 1, open).split(' ')) if (tok !== '' && tok.indexOf('=') <= 0) return null;
  }
  const close = closeBracket(line, open);
  if (close < 0) return null;
  let labels: Labels | null = null;
  let rest = close + 1;
  if (line.charCodeAt(rest) === 123 /* { */) {
    const end = skipBraces(line, rest);
    if (end < 0) return null;
    labels = parseLabels(line.slice(rest, end));
    rest = end;
  }
  // The header ends with ':' (tolerate its absence and trailing blanks, nothing else).
  const tail = line.slice(rest).trim();
  if (tail !== '' && tail !== ':') return null;

  const h: Header = { id, state: '', waitMinutes: 0, lockedToThread: false, leaked: false, labels };
  readBracket(line.slice(open + 1, close), h);
  return h;
}

/** Index of the `]` closing the `[` at `open`, skipping quoted text and `{…}`; -1 if none. */
function closeBracket(s: string, open: number): number {
  let depth = 0;
  let inQuote = false;
  for (let i = open + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inQuote) {
      if (c === 92) i++;
      else if (c === 34) inQuote = false;
    } else if (c === 34) inQuote = true;
    else if (c === 123) depth++;
    else if (c === 125) depth--;
    else if (c === 93 /* ] */ && depth <= 0) return i;
  }
  return -1;
}

/** Splits `chan receive, 15 minutes, locked to thread` (commas inside `{…}` or quotes kept). */
function readBracket(inner: string, h: Header): void {
  // Fast path: no comma, no labels, no (leaked): the state is the whole text.
  if (inner.indexOf(',') < 0 && inner.indexOf('labels:') < 0 && inner.indexOf('leaked') < 0) {
    h.state = inner.trim();
    return;
  }
  let partStart = 0;
  let depth = 0;
  let inQuote = false;
  for (let i = 0; i <= inner.length; i++) {
    const c = i < inner.length ? inner.charCodeAt(i) : 44;
    if (inQuote) {
      if (c === 92) i++;
      else if (c === 34) inQuote = false;
      continue;
    }
    if (c === 34) inQuote = true;
    else if (c === 123) depth++;
    else if (c === 125) depth--;
    else if (c === 44 /* , */ && depth <= 0) {
      readPart(inner.slice(partStart, i).trim(), h);
      partStart = i + 1;
    }
  }
}

function readPart(part: string, h: Header): void {
  if (part === '') return;
  const lab = part.indexOf('labels:');
  if (lab >= 0 && part.indexOf('{', lab) >= 0) {
    const open = part.indexOf('{', lab);
    const end = skipBraces(part, open);
    const parsed = parseLabels(part.slice(open, end < 0 ? part.length : end));
    if (parsed !== null) h.labels = h.labels === null ? parsed : { ...h.labels, ...parsed };
    readPart(part.slice(0, lab).trim(), h);
    return;
  }
  if (part === 'locked to thread') {
    h.lockedToThread = true;
    return;
  }
  if (part === 'leaked' || part === '(leaked)') {
    h.leaked = true;
    return;
  }
  const m = /^(\d+) minutes?$/.exec(part);
  if (m !== null) {
    h.waitMinutes = Number(m[1]);
    return;
  }
  if (h.state !== '') return; // an unknown extra flag: keep the first part as the state
  let state = part;
  const leaked = state.indexOf('(leaked)');
  if (leaked >= 0) {
    h.leaked = true;
    state = (state.slice(0, leaked) + state.slice(leaked + 8)).replace(/\s+/g, ' ').trim();
  }
  h.state = state;
}
