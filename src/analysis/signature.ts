// A goroutine's signature: the frames that identify its site, normalized so the same code
// gives the same signature on every host, build machine, OS and dump format — and a short id.
//
// What goes in: every frame's function and (unless coarse) `importpath/file.go:line`
// (see stableFile), innermost first. What stays out, and why:
//   - arguments, `+0x…` offsets, goroutine ids, wait minutes: they differ per goroutine;
//   - the leading `runtime.*` frames and `runtime.goexit`: debug=1 profiles hide exactly these,
//     so leaving them out gives one id per site whether a host sent debug=1, debug=2 or pprof;
//   - the wait state/class: debug=1 and pprof carry none, so including it would split a site by
//     format. The line already pins the operation; the group's class is decided from its members.
import { createHash } from 'node:crypto';
import type { Frame } from '../profile/types.js';
import { isRuntimeFunc } from './go-package.js';
import { normalizeFunc, stableFile } from './normalize.js';

/** Caches one normalized frame string per distinct frame: a 100k-goroutine dump repeats a few
 *  hundred frames, and normalization runs regexes. */
export class SignatureBuilder {
  private readonly frameKeys = new Map<string, { func: string; text: string }>();
  private readonly ids = new Map<string, string>();

  constructor(readonly coarse = false) {}

  signature(frames: Frame[]): string {
    const parts: string[] = [];
    let leading = true;
    for (const f of frames) {
      const key = this.frameKey(f);
      const fn = key.func;
      if (fn === 'runtime.goexit') continue;
      if (leading && isRuntimeFunc(fn)) continue;
      leading = false;
      parts.push(key.text);
    }
    if (parts.length === 0) {
      // Only runtime frames: the runtime's own goroutine; debug=1 prints these in full too.
      for (const f of frames) {
        const key = this.frameKey(f);
        if (key.func !== 'runtime.goexit') parts.push(key.text);
      }
    }
    return (this.coarse ? 'coarse\n' : '') + parts.join('\n');
  }

  /** Short hex SHA-256 of a signature (12 digits, 48 bits: collisions are not a practical concern). */
  id(signature: string): string {
    let id = this.ids.get(signature);
    if (id === undefined) {
      id = groupId(signature);
      this.ids.set(signature, id);
    }
    return id;
  }

  private frameKey(f: Frame): { func: string; text: string } {
    const raw = `${f.func}\u0000${f.file}\u0000${f.line}`;
    let key = this.frameKeys.get(raw);
    if (key === undefined) {
      const func = normalizeFunc(f.func);
      key = { func, text: this.coarse ? func : `${func} ${stableFile(func, f.file)}:${f.line}` };
      this.frameKeys.set(raw, key);
    }
    return key;
  }
}

export function groupId(signature: string): string {
  return createHash('sha256').update(signature).digest('hex').slice(0, 12);
}

/** Signature of one stack, for callers that do not batch. */
export function signatureOf(frames: Frame[], coarse = false): string {
  return new SignatureBuilder(coarse).signature(frames);
}
