// What a group's representative stack says by itself (its frames as text, its normalized
// functions, its location, its library idle shape), worked out once per stack, not once per group
// of every host. The parser hands the same Frame[] to every goroutine of one stack across the
// dumps of a thread (profile/shared-stacks.ts), and a fleet's hosts run the same binaries, so the
// frames array itself is the key (memo.ts: by identity, bounded).
// Everything returned is shared between groups and hosts: never modified.
import type { Frame } from '../profile/types.js';
import { locate, type Location } from './location.js';
import { normalizeFunc } from './normalize.js';
import { IdentityMemo } from './memo.js';
import { libraryIdleShape } from './suspects/idle-shapes.js';

interface Facts {
  texts: string[] | null;
  funcs: string[] | null;
  idle: string | null | undefined;
  /** The location for one list of library prefixes (the run's: one list per run). */
  located: { prefixes: readonly string[]; at: Location } | null;
}

const byStack = new IdentityMemo<readonly Frame[], Facts>();

function factsOf(frames: readonly Frame[]): Facts {
  let f = byStack.get(frames);
  if (f === undefined) {
    f = { texts: null, funcs: null, idle: undefined, located: null };
    byStack.set(frames, f);
  }
  return f;
}

/** A frame as the report prints it: `func file:line`. */
export function frameText(f: Frame): string {
  return `${normalizeFunc(f.func)} ${f.file || '?'}${f.line > 0 ? `:${f.line}` : ''}`;
}

/** The stack as the report prints it (shared: never modified). */
export function stackTexts(frames: readonly Frame[]): string[] {
  const f = factsOf(frames);
  return (f.texts ??= frames.map(frameText));
}

/** The stack's functions, normalized (shared: never modified). */
export function stackFuncs(frames: readonly Frame[]): string[] {
  const f = factsOf(frames);
  return (f.funcs ??= frames.map((x) => normalizeFunc(x.func)));
}

/** locate() of the stack. */
export function stackLocation(frames: Frame[], libraryPrefixes: readonly string[]): Location {
  const f = factsOf(frames);
  if (f.located?.prefixes !== libraryPrefixes) f.located = { prefixes: libraryPrefixes, at: locate(frames, libraryPrefixes) };
  return f.located.at;
}

/** libraryIdleShape() of the stack's functions. */
export function stackIdleShape(frames: readonly Frame[]): string | null {
  const f = factsOf(frames);
  if (f.idle === undefined) f.idle = libraryIdleShape(stackFuncs(frames));
  return f.idle;
}
