// Traceback goroutines (debug=2 dumps, panics, `fatal error:`, SIGQUIT, runtime.Stack): their
// headers, and what each line inside one is. A header with a wait state seen before is read
// in place without building a string (fastHeader); others go to header.ts. Inside a
// goroutine, function, file and `created by` lines go to goroutine-frames.ts; `...elided...`,
// `[originating from goroutine N]:` and `stack unavailable` are handled here; any other line
// ends the goroutine and is handed back to the caller (lines.ts).
import { parseHeader } from './header.js';
import { detach, quote } from './warnings.js';
import { newNode } from './stack-trie.js';
import { isSpace, locOf, skipSpace, textAt } from './chars.js';
import { attachMissing, createdBy, fileLine, funcLine } from './goroutine-frames.js';
import { endCurrent, startGoroutine } from './current-record.js';
import { profileHeader } from './debug1.js';
import { ANCESTOR, PEND_NONE, type MachineState, type State } from './machine-state.js';

/** A traceback or debug=1 header at `at`; false (and nothing changed) when there is none. */
export function headerAt(m: MachineState, line: string, at: number): boolean {
  if (line.startsWith('goroutine profile: total ', at)) {
    profileHeader(m, line.slice(at + 25), false);
    return true;
  }
  if (line.startsWith('goroutineleak profile: total ', at)) {
    profileHeader(m, line.slice(at + 29), true);
    return true;
  }
  if (fastHeader(m, line, at, line.length)) return true;
  const h = parseHeader(line, at);
  if (h === null) return false;
  endCurrent(m);
  startGoroutine(m, h.id, stateOf(m, h.state), h.waitMinutes, h.lockedToThread, h.leaked, h.labels);
  return true;
}

/**
 * `goroutine 7 [chan receive]:`, `[select, 6 minutes, locked to thread]:` with a state seen
 * before: read without building any string. Anything else goes to parseHeader.
 */
export function fastHeader(m: MachineState, line: string, at: number, len: number): boolean {
  let i = at + 10;
  if (i >= len || line.charCodeAt(i - 1) !== 32 || !textAt(line, at, 'goroutine ')) return false;
  let id = 0;
  const idStart = i;
  for (let c = line.charCodeAt(i); c >= 48 && c <= 57; c = line.charCodeAt(++i)) id = id * 10 + (c - 48);
  if (i === idStart || i - idStart > 15 || line.charCodeAt(i) !== 32 || line.charCodeAt(i + 1) !== 91 /* [ */) return false;
  if (line.charCodeAt(len - 1) !== 58 /* : */ || line.charCodeAt(len - 2) !== 93 /* ] */) return false;
  const from = i + 2;
  const list = m.stateList;
  for (let k = 0; k < list.length; k++) {
    const st = list[k];
    const t = st.text;
    let e = from + t.length;
    if (!textAt(line, from, t)) continue;
    let c = line.charCodeAt(e);
    if (c !== 93 && c !== 44) continue;
    let minutes = 0;
    let locked = false;
    while (c === 44 /* , */) {
      if (line.charCodeAt(e + 1) !== 32) return false;
      e += 2;
      c = line.charCodeAt(e);
      if (c >= 48 && c <= 57) {
        let n = 0;
        for (; c >= 48 && c <= 57; c = line.charCodeAt(++e)) n = n * 10 + (c - 48);
        if (line.startsWith(' minutes', e)) e += 8;
        else if (line.startsWith(' minute', e)) e += 7;
        else return false;
        minutes = n;
      } else if (line.startsWith('locked to thread', e)) {
        e += 16;
        locked = true;
      } else return false;
      c = line.charCodeAt(e);
    }
    if (c !== 93 || e !== len - 2) return false;
    endCurrent(m);
    startGoroutine(m, id, st, minutes, locked, false, null);
    return true;
  }
  return false;
}

/** The wait state `text`, with its stack trie: found, or added (the first 64 also to the fast lane). */
function stateOf(m: MachineState, text: string): State {
  let st = m.states.get(text);
  if (st === undefined) {
    const t = detach(text);
    st = { text: t, root: newNode(null, null, '', false) };
    m.stacks.nodes++;
    m.states.set(t, st);
    if (m.stateList.length < 64) {
      m.stateList.push(st);
      m.lane?.addState(st);
    }
  }
  return st;
}

/**
 * A non-empty line s[a, b) inside a goroutine (c0 its first character), that hot() did not
 * take. False when it ends the goroutine and is no part of it: the caller ends the goroutine
 * and reads the line as one outside any goroutine.
 */
export function goroutineLine(m: MachineState, s: string, a: number, b: number, c0: number): boolean {
  if (m.pendKind !== PEND_NONE) {
    if (fileLine(m, s, a, b)) return true;
    attachMissing(m);
  }
  if (isSpace(c0)) {
    const line = s.slice(a, b);
    const k = skipSpace(line, 0);
    if (k === line.length) {
      endCurrent(m); // a blank line
      return true;
    }
    if (line.charCodeAt(k) === 103 /* g */) {
      if (line.startsWith('goroutine running on other thread', k)) {
        m.unavailable = true; // `\tgoroutine running on other thread; stack unavailable`
        return true;
      }
      if (line.startsWith('goroutine', k) && headerAt(m, line, k)) return true;
    }
    if (locOf(line) !== null) {
      m.warnings.add(m.lineNo, `file line without a function line: ${quote(line.trim())}`);
      return true;
    }
    if (funcLine(m, line, k, line.length)) return true; // a dump indented as a whole
    endCurrent(m);
    return true;
  }
  if (c0 === 46 /* . */) {
    if (b - a >= 12 && textAt(s, a, '...') && textAt(s, b - 9, 'elided...')) {
      m.d.framesElided = true;
      return true;
    }
  } else if (c0 === 99 /* c */) {
    if (textAt(s, a, 'created by ')) {
      createdBy(m, s, a + 11, b);
      return true;
    }
  } else if (c0 === 91 /* [ */) {
    if (textAt(s, a, '[originating from goroutine')) {
      endCurrent(m);
      m.mode = ANCESTOR;
      return true;
    }
  }
  // Anything else ends the goroutine: `exit status 2`, a sanitizer report, the next panic…
  return funcLine(m, s, a, b);
}
