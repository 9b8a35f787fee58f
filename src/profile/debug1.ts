// debug=1 profiles (`?debug=1`): a `goroutine profile: total N` header, then records of
// goroutines sharing one stack, each `N @ 0x… 0x…` followed by `#\t0x… func+0x…\tfile:line`
// frames and an optional `# labels: {…}`. Rare and small next to debug=2 dumps, so read the
// simple way, on sliced lines. The record's start and end are current-record.ts's.
import { parseLabels } from './labels.js';
import { quote } from './warnings.js';
import { isSpace, skipSpace } from './chars.js';
import { endCurrent, startRecord } from './current-record.js';
import type { MachineState } from './machine-state.js';

/** `goroutine profile: total 12` (`goroutineleak profile:` when leak); rest is what follows `total `. */
export function profileHeader(m: MachineState, rest: string, leak: boolean): void {
  endCurrent(m);
  const t = m.tally;
  t.profileHeaders++;
  m.leakProfile = leak;
  if (leak) t.sawLeakHeader = true;
  const n = Number(rest.trim());
  if (Number.isSafeInteger(n) && n >= 0) t.headerTotal += n;
  else m.warnings.add(m.lineNo, `unreadable profile total ${quote(rest)}`);
}

/** `12 @ 0x43a1 0x44b2 …`: a debug=1 record of 12 goroutines. False (nothing changed) if not one. */
export function recordHeader(m: MachineState, line: string): boolean {
  const at = line.indexOf(' @');
  if (at <= 0 || at > 15) return false;
  let count = 0;
  for (let i = 0; i < at; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    count = count * 10 + (c - 48);
  }
  const after = line.charCodeAt(at + 2);
  if (at + 2 < line.length && after !== 32 && after !== 9) return false;
  startRecord(m, count);
  m.recKey = line.slice(at + 2);
  return true;
}

/**
 * A non-empty line inside a record (c0 its first character). False when it is no part of
 * one: the caller ends the record and reads the line as one outside any goroutine.
 */
export function recordLine(m: MachineState, line: string, c0: number): boolean {
  if (c0 === 35 /* # */) {
    if (line.startsWith('# labels: ')) m.d.labels = parseLabels(line.slice(10));
    else hashFrame(m, line);
    return true;
  }
  if (c0 >= 48 && c0 <= 57 && recordHeader(m, line)) return true;
  if (isSpace(c0) && skipSpace(line, 0) === line.length) {
    endCurrent(m); // a blank line
    return true;
  }
  return false;
}

/** `#\t0x4321\tmain.f+0x12\t\t/path/file.go:42` (or just `#\t0x4321` without symbols). */
function hashFrame(m: MachineState, line: string): void {
  const len = line.length;
  let i = skipSpace(line, 1);
  const pcStart = i;
  while (i < len && !isSpace(line.charCodeAt(i))) i++;
  const pcEnd = i;
  i = skipSpace(line, i);
  if (i >= len) {
    if (pcEnd > pcStart) m.d.frames.push(m.frames.intern(line.slice(pcStart, pcEnd), ''));
    return;
  }
  const fStart = i;
  while (i < len && !isSpace(line.charCodeAt(i))) i++;
  const fEnd = i;
  const plus = line.lastIndexOf('+', fEnd - 1);
  const func = line.slice(fStart, plus > fStart ? plus : fEnd);
  i = skipSpace(line, i);
  let e = len;
  while (e > i && isSpace(line.charCodeAt(e - 1))) e--;
  m.d.frames.push(m.frames.intern(func, i < e ? line.slice(i, e) : ''));
}
