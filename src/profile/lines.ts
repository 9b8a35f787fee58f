// Text into lines, and each line to the module that reads it. Pieces of text may split lines
// anywhere (a line's start waits in `carry`); lines longer than MAX_LINE are cut with a
// warning; a line is told apart by its first characters and by what the machine is inside of
// (MachineState.mode), with no regular expression and, inside a goroutine, without slicing it
// out of its piece. This is where the parser keeps its promise never to throw: an error while
// reading one line becomes a warning with its line number, and the next line is read.
import { MAX_LINE } from './known-stacks.js';
import { isSpace, locOf, skipSpace } from './chars.js';
import { hot } from './goroutine-frames.js';
import { endCurrent } from './current-record.js';
import { recordHeader, recordLine } from './debug1.js';
import { afterRecordHeader, closeBlock } from './record-blocks.js';
import { fastHeader, goroutineLine, headerAt } from './traceback.js';
import { MAX_MESSAGES, runtimeMessage } from './messages.js';
import { ANCESTOR, GOROUTINE, NONE, PEND_NONE, RECORD, SYSTEM_STACK, type MachineState } from './machine-state.js';

/** Feeds the next piece of text; pieces may split lines anywhere. */
export function writeText(m: MachineState, chunk: string): void {
  if (chunk.length === 0) return;
  if (m.first) {
    m.first = false;
    if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
  }
  let pos = 0;
  if (m.cutting) {
    const nl = chunk.indexOf('\n');
    if (nl < 0) return;
    m.cutting = false;
    pos = nl + 1;
  } else if (m.carry !== '') {
    const nl = chunk.indexOf('\n');
    if (nl < 0) {
      m.carry += chunk;
      if (m.carry.length > MAX_LINE) cutLong(m);
      return;
    }
    const line = m.carry + chunk.slice(0, nl);
    m.carry = '';
    feed(m, line);
    pos = nl + 1;
  }
  run(m, chunk, pos);
}

/** The input ended: reads the last line if it had no newline and ends what was being read. */
export function endText(m: MachineState): void {
  if (m.carry !== '') {
    const last = m.carry;
    m.carry = '';
    feed(m, last);
  }
  m.cutting = false;
  try {
    endCurrent(m);
  } catch (err) {
    internalError(m, err);
  }
}

/** The hot loop: every line of s from pos on, the last one carried when it has no newline. */
function run(m: MachineState, s: string, pos: number): void {
  const len = s.length;
  while (pos < len) {
    if (m.blk !== null && s.charCodeAt(pos) !== 35 /* # */) closeBlock(m, s, pos);
    const nl = s.indexOf('\n', pos);
    if (nl < 0) break;
    let end = nl;
    if (end > pos && s.charCodeAt(end - 1) === 13) end--;
    m.lineNo++;
    try {
      if (m.mode !== GOROUTINE || !hot(m, s, pos, end)) lineAt(m, s, pos, end);
    } catch (err) {
      internalError(m, err);
    }
    pos = nl + 1;
    // a debug=1 record's lines read before are taken whole (record-blocks.ts)
    if (m.recKey !== null) pos = afterRecordHeader(m, s, pos);
  }
  if (m.blk !== null) closeBlock(m, s, pos);
  if (pos < len) {
    m.carry = s.slice(pos);
    if (m.carry.length > MAX_LINE) cutLong(m);
  }
}

/** One whole line (without its newline; a final '\r' is dropped). */
function feed(m: MachineState, line: string): void {
  const len = line.length;
  m.lineNo++;
  try {
    lineAt(m, line, 0, len > 0 && line.charCodeAt(len - 1) === 13 ? len - 1 : len);
  } catch (err) {
    internalError(m, err);
  }
  m.recKey = null; // a line of its own: no block follows it here
}

function cutLong(m: MachineState): void {
  const head = m.carry.slice(0, MAX_LINE);
  m.carry = '';
  m.cutting = true;
  feed(m, head);
  m.warnings.add(m.lineNo, `line longer than ${MAX_LINE} characters; the rest of it was skipped`);
}

function internalError(m: MachineState, err: unknown): void {
  const msg = err instanceof Error ? err.message : String(err);
  m.warnings.add(m.lineNo, `parser error (${msg}); line skipped`);
  m.pendKind = PEND_NONE;
  m.pendName = null;
  m.mode = NONE;
}

/**
 * The line s[a, b). Inside a goroutine (most lines of a dump) it is read in place, without
 * slicing it out of the chunk; everything else goes to line() on a sliced copy.
 */
function lineAt(m: MachineState, s: string, a: number, b: number): void {
  if (a === b) {
    endCurrent(m); // a blank line
    return;
  }
  const c0 = s.charCodeAt(a);
  if (c0 === 103 /* g */ && fastHeader(m, s, a, b)) return;
  if (m.mode === GOROUTINE) {
    if (!goroutineLine(m, s, a, b, c0)) {
      endCurrent(m);
      noneLine(m, s.slice(a, b), c0);
    }
  } else line(m, a === 0 && b === s.length ? s : s.slice(a, b));
}

function line(m: MachineState, line: string): void {
  const len = line.length;
  if (len === 0) {
    endCurrent(m);
    return;
  }
  const c0 = line.charCodeAt(0);
  if (c0 === 103 /* g */ && line.startsWith('goroutine') && headerAt(m, line, 0)) return;
  switch (m.mode) {
    case GOROUTINE:
      if (!goroutineLine(m, line, 0, len, c0)) {
        endCurrent(m);
        noneLine(m, line, c0);
      }
      return;
    case RECORD:
      if (!recordLine(m, line, c0)) {
        endCurrent(m);
        noneLine(m, line, c0);
      }
      return;
    case NONE:
      noneLine(m, line, c0);
      return;
    default: {
      // Ancestors (ANCESTOR) and system stacks (SYSTEM_STACK) run to a blank line or the next header.
      if (!isSpace(c0)) return;
      const k = skipSpace(line, 0);
      if (k === len) endCurrent(m);
      else if (line.startsWith('goroutine ', k)) headerAt(m, line, k);
    }
  }
}

/** A non-empty line outside any goroutine or record (c0 its first character). */
function noneLine(m: MachineState, line: string, c0: number): void {
  // a debug=1 record header first: no runtime message starts with a digit and ` @` (messages.ts),
  // so noteMessage would keep nothing of it
  if (c0 >= 48 && c0 <= 57 && recordHeader(m, line)) return;
  if (m.messages.length < MAX_MESSAGES) noteMessage(m, line);
  if (c0 === 114 /* r */) {
    if (line.startsWith('runtime stack:')) {
      m.mode = SYSTEM_STACK;
      return;
    }
  } else if (c0 === 91 /* [ */) {
    if (line.startsWith('[originating from goroutine')) {
      m.mode = ANCESTOR;
      return;
    }
  } else if (isSpace(c0)) {
    const k = skipSpace(line, 0);
    if (k === line.length) return;
    if (line.startsWith('goroutine', k) && headerAt(m, line, k)) return;
    if (!m.orphanWarned && c0 === 9 && locOf(line) !== null) {
      m.orphanWarned = true;
      m.warnings.add(m.lineNo, 'stack frames outside any goroutine were skipped');
    }
    return;
  }
  // A header glued to the text before it: `…dumping all stacksgoroutine 1 [running]:`.
  if (line.charCodeAt(line.length - 1) === 58 /* : */) {
    const g = line.indexOf('goroutine ', 1);
    if (g > 0 && headerAt(m, line, g)) {
      m.warnings.add(m.lineNo, 'goroutine header glued to the text before it');
    }
  }
}

/** A runtime message (messages.ts) is kept with its line number. */
function noteMessage(m: MachineState, line: string): void {
  const last = m.messages[m.messages.length - 1];
  const inRunningTests = last !== undefined && (last.kind === 'running-tests' || last.kind === 'running-test') && last.line === m.lineNo - 1;
  const msg = runtimeMessage(line, inRunningTests);
  if (msg) m.messages.push({ ...msg, line: m.lineNo });
}
