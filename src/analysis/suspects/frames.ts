// Group frames are printed `func file:line`; the ranking reads the function back out.
import { normalizeFunc } from '../normalize.js';
import { IdentityMemo } from '../memo.js';

/** `main.(*S).run /app/s.go:12` → `main.(*S).run`. */
export function frameFunc(frame: string): string {
  const sp = frame.indexOf(' ');
  return sp < 0 ? frame : frame.slice(0, sp);
}

/** `github.com/coreos/etcd/clientv3.(*Client).retryConnection` → `(*Client).retryConnection`:
 *  the package is in the location beside it. */
export function shortFunc(func: string): string {
  const slash = func.lastIndexOf('/', func.indexOf('(') >= 0 ? func.indexOf('(') : func.length);
  const rest = func.slice(slash + 1);
  const dot = rest.indexOf('.');
  return dot < 0 ? rest : rest.slice(dot + 1);
}

const funcsByFrames = new IdentityMemo<readonly string[], string[]>();

/** A group's functions, normalized, read back from its printed frames: once per frames array, which
 *  the groups of one stack share across hosts (analysis/stack-facts.ts). Shared: never modified. */
export function groupFuncs(frames: readonly string[]): string[] {
  let funcs = funcsByFrames.get(frames);
  if (funcs === undefined) {
    funcs = frames.map((f) => normalizeFunc(frameFunc(f)));
    funcsByFrames.set(frames, funcs);
  }
  return funcs;
}
