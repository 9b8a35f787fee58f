// Character and byte helpers of the line machine: small pure functions of a string and a
// position, so every module that reads lines shares one idea of a space, a digit and a
// `file:line`. Kept tiny and monomorphic: V8 inlines them into the hot loop (a function call
// per character would cost more than the character test).

/** Blank, tab, control characters and the Unicode spaces some pasted dumps use as indent. */
export function isSpace(c: number): boolean {
  return (
    c <= 32 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0x1680 ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0xfeff
  );
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * `s` holds `t` at `i`. Slicing and comparing is about twice as fast as startsWith(t, i) in
 * V8 for strings of a few dozen characters, which is what frames are.
 */
export function textAt(s: string, i: number, t: string): boolean {
  const e = i + t.length;
  return e <= s.length && s.slice(i, e) === t;
}

export function skipSpace(s: string, i: number): number {
  const len = s.length;
  while (i < len && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/**
 * `file:line` of a file line, without indent, `+0x…` offset and `fp= sp= pc=`; null when the
 * line is not one. `C:/Program Files/Go/src/x.go:12` works: the last ':' before the suffix counts.
 */
export function locOf(line: string): string | null {
  const s = skipSpace(line, 0);
  let e = line.indexOf(' +0x', s);
  if (e < 0) {
    e = line.indexOf(' fp=', s);
    if (e < 0) {
      e = line.length;
      while (e > s && isSpace(line.charCodeAt(e - 1))) e--;
    }
  }
  if (e <= s + 2) return null;
  const colon = line.lastIndexOf(':', e - 1);
  if (colon <= s || colon + 1 >= e) return null;
  for (let i = colon + 1; i < e; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return line.slice(s, e);
}

/** Bytes b[from, to) as a string, one character per byte (the caller knows them to be ASCII). */
export const latin1 = (b: Uint8Array, from: number, to: number): string => Buffer.from(b.buffer, b.byteOffset + from, to - from).toString('latin1');
