// The frames of a traceback goroutine, matched against the stack trie (stack-trie.ts) as they
// are read: a function line (or `created by` line) waits, pending, for its file line, and the
// pair moves the goroutine one node down the trie. When the stack is one seen before (the
// usual case) no string is sliced, hashed or built: the line is compared with the children of
// the node reached so far. hot() is that compare for the two lines that make up most of a
// dump; the other functions are the long way, which also teaches the trie what is new.
import type { Frame } from './types.js';
import { addKid, type TNode } from './stack-trie.js';
import { detach, quote } from './warnings.js';
import { isDigit, isSpace, locOf, textAt } from './chars.js';
import { NO_KIDS, PEND_CREATOR, PEND_FUNC, PEND_NONE, type MachineState } from './machine-state.js';

/**
 * The two lines that make up most of a dump, a function line and its file line, when the
 * trie already knows them: handled here with one compare each. False sends the line the
 * long way (lines.ts lineAt), which also handles everything that is new.
 */
export function hot(m: MachineState, s: string, a: number, b: number): boolean {
  const node = m.node;
  if (node.byFunc !== null) return false;
  const kids = node.kids;
  const name = m.pendName;
  if (name !== null) {
    let p = a;
    while (p < b && isSpace(s.charCodeAt(p))) p++;
    if (p === a) return false;
    const creator = m.pendKind === PEND_CREATOR;
    for (let k = 0; k < kids.length; k++) {
      const kid = kids[k];
      if (kid.creator !== creator || (kid.frame as Frame).func !== name) continue;
      const loc = kid.loc;
      const e = p + loc.length;
      if (loc !== '' && (e === b || (e < b && isSpace(s.charCodeAt(e)))) && textAt(s, p, loc)) {
        take(m, kid);
        return true;
      }
    }
    return false;
  }
  if (m.pendKind !== PEND_NONE || a === b) return false;
  const c0 = s.charCodeAt(a) | 32;
  if (c0 < 97 || c0 > 122) return false;
  for (let k = 0; k < kids.length; k++) {
    const kid = kids[k];
    if (kid.creator) continue;
    const f = (kid.frame as Frame).func;
    const n = f.length;
    if (a + n < b && s.charCodeAt(a + n) === 40 && f.charCodeAt(n - 1) !== 46 && textAt(s, a, f)) {
      pend(m, PEND_FUNC, s, a, a + n, f);
      return true;
    }
  }
  return false;
}

/** `pkg.(*T).method[...](0x1, {0x2, 0x3}, ...)` in s[a, b): the name is everything before the last '('. */
export function funcLine(m: MachineState, s: string, a: number, b: number): boolean {
  const node = m.node;
  if (node.byFunc === null) {
    const kids = node.kids;
    for (let k = 0; k < kids.length; k++) {
      const kid = kids[k];
      if (kid.creator) continue;
      const f = (kid.frame as Frame).func;
      const n = f.length;
      // `pkg.` followed by `(` could be the start of `pkg.(*T).m`: such names take the slow path.
      if (a + n < b && s.charCodeAt(a + n) === 40 && f.charCodeAt(n - 1) !== 46 && textAt(s, a, f)) {
        pend(m, PEND_FUNC, s, a, a + n, f);
        return true;
      }
    }
  }
  const t = a === 0 && b === s.length ? s : s.slice(a, b);
  const p = t.lastIndexOf('(');
  if (p <= 0) return false;
  const sp = t.indexOf(' ');
  if (sp >= 0 && sp < p) return false; // prose, not a Go symbol
  if (node.byFunc !== null) {
    for (const kid of node.byFunc.get(t.slice(0, p)) ?? NO_KIDS) {
      if (!kid.creator) {
        pend(m, PEND_FUNC, t, 0, p, (kid.frame as Frame).func);
        return true;
      }
    }
  }
  pend(m, PEND_FUNC, t, 0, p, null);
  return true;
}

/** `created by main.main in goroutine 1` (or without ` in goroutine N` before Go 1.21); s[start, b) follows `created by `. */
export function createdBy(m: MachineState, s: string, start: number, b: number): void {
  let end = b;
  let gid: number | null = null;
  // ` in goroutine 12` at the end (Go 1.21+)?
  let d = end;
  while (d > start && isDigit(s.charCodeAt(d - 1))) d--;
  if (d < end && end - d < 16 && d - 14 >= start && textAt(s, d - 14, ' in goroutine ')) {
    let n = 0;
    for (let i = d; i < end; i++) n = n * 10 + (s.charCodeAt(i) - 48);
    gid = n;
    end = d - 14;
  }
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  m.d.createdByGoroutine = gid;
  const node = m.node;
  const kids = node.byFunc === null ? node.kids : kidsNamed(node, s, start, end);
  for (let k = 0; k < kids.length; k++) {
    const kid = kids[k];
    if (!kid.creator) continue;
    const f = (kid.frame as Frame).func;
    if (f.length === end - start && textAt(s, start, f)) {
      pend(m, PEND_CREATOR, s, start, end, f);
      return;
    }
  }
  pend(m, PEND_CREATOR, s, start, end, null);
}

function kidsNamed(node: TNode, text: string, start: number, end: number): TNode[] {
  if (end <= start) return NO_KIDS;
  return (node.byFunc as Map<string, TNode[]>).get(text.slice(start, end)) ?? NO_KIDS;
}

function pend(m: MachineState, kind: number, text: string, start: number, end: number, name: string | null): void {
  m.pendKind = kind;
  m.pendText = text;
  m.pendStart = start;
  m.pendEnd = end;
  m.pendName = name;
  m.pendLineNo = m.lineNo;
}

/** The file line s[a, b) completing the pending function or creator; false if it is not one. */
export function fileLine(m: MachineState, s: string, a: number, b: number): boolean {
  const node = m.node;
  const creator = m.pendKind === PEND_CREATOR;
  const name = m.pendName;
  if (name !== null) {
    let p = a;
    while (p < b && isSpace(s.charCodeAt(p))) p++;
    const kids = node.byFunc === null ? node.kids : (node.byFunc.get(name) ?? NO_KIDS);
    for (let k = 0; k < kids.length; k++) {
      const kid = kids[k];
      if (kid.creator !== creator || (kid.frame as Frame).func !== name) continue;
      const loc = kid.loc;
      const e = p + loc.length;
      if (loc !== '' && (e === b || (e < b && isSpace(s.charCodeAt(e)))) && textAt(s, p, loc)) {
        take(m, kid);
        return true;
      }
    }
  }
  const loc = locOf(a === 0 && b === s.length ? s : s.slice(a, b));
  if (loc === null) return false;
  take(m, newKid(m, loc));
  return true;
}

/** The pending function or creator had no file line: keep it with an unknown location. */
export function attachMissing(m: MachineState): void {
  const name = m.pendName ?? m.pendText.slice(m.pendStart, m.pendEnd).trim();
  m.warnings.add(m.pendLineNo, `no file:line after ${quote(name)}`);
  take(m, newKid(m, ''));
}

/** The trie child for the pending name at `loc` (found or added): the slow path. */
function newKid(m: MachineState, loc: string): TNode {
  const creator = m.pendKind === PEND_CREATOR;
  const name = m.pendName ?? m.pendText.slice(m.pendStart, m.pendEnd).trim();
  const frame = m.frames.intern(name, loc);
  const node = m.node;
  const same = node.byFunc === null ? node.kids : (node.byFunc.get(frame.func) ?? NO_KIDS);
  for (const kid of same) if (kid.frame === frame && kid.creator === creator) return kid;
  m.stacks.nodes++;
  return addKid(node, frame, detach(loc), creator);
}

function take(m: MachineState, kid: TNode): void {
  m.node = kid;
  if (kid.lane <= 0) {
    // the second time a stack passes a node, the fast lane gets a copy of it
    if (kid.lane === 0) kid.lane = -1;
    else m.lane?.addKid(kid);
  }
  if (kid.creator) m.d.createdBy = kid.frame;
  m.pendKind = PEND_NONE;
  m.pendName = null;
}
