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

interface FrameKey {
  func: string;
  text: string;
}

interface TrieNode {
  next: Map<FrameKey, TrieNode> | null;
  entry: SignatureEntry | null;
}

/** One distinct signature; callers may hang their own per-signature state on `data`. */
export interface SignatureEntry {
  /** The hash of the signature (which is not kept: a dump of distinct stacks has one per goroutine). */
  id: string;
  data: unknown;
}

/**
 * Signatures for many stacks. A 100k-goroutine dump repeats a few hundred frames, which the
 * parser interns as shared Frame objects: each Frame is normalized once (cached by identity),
 * and a stack is looked up by walking a trie of those, so no key string is
 * built per goroutine.
 */
export class SignatureBuilder {
  private readonly byFrame = new Map<Frame, FrameKey>();
  /** One key object per normalized text, so frames that normalize alike walk the same trie path. */
  private readonly byText = new Map<string, FrameKey>();
  private readonly root: TrieNode = { next: null, entry: null };
  /** Stacks of runtime frames only get their own trie: their signatures keep those frames. */
  private readonly runtimeRoot: TrieNode = { next: null, entry: null };

  constructor(readonly coarse = false) {}

  signature(frames: Frame[]): string {
    return this.text(this.walk(frames).keys);
  }

  entry(frames: Frame[]): SignatureEntry {
    const { node, keys } = this.walk(frames);
    node.entry ??= { id: groupId(this.text(keys)), data: undefined };
    return node.entry;
  }

  private text(keys: FrameKey[]): string {
    return (this.coarse ? 'coarse\n' : '') + keys.map((k) => k.text).join('\n');
  }

  /** The trie node of a stack and the keys of the frames its signature is made of. */
  private walk(frames: Frame[]): { node: TrieNode; keys: FrameKey[] } {
    let node = this.root;
    let leading = true;
    const keys: FrameKey[] = [];
    for (const f of frames) {
      const key = this.frameKey(f);
      if (key.func === 'runtime.goexit' || (leading && isRuntimeFunc(key.func))) continue;
      leading = false;
      keys.push(key);
      node = step(node, key);
    }
    if (keys.length === 0) {
      // Only runtime frames: the runtime's own goroutine; debug=1 prints these in full too.
      node = this.runtimeRoot;
      for (const f of frames) {
        const key = this.frameKey(f);
        if (key.func === 'runtime.goexit') continue;
        keys.push(key);
        node = step(node, key);
      }
    }
    return { node, keys };
  }

  private frameKey(f: Frame): FrameKey {
    let key = this.byFrame.get(f);
    if (key !== undefined) return key;
    // (No cache by raw content: for a dump of distinct stacks it held a string per frame for nothing.)
    const func = normalizeFunc(f.func);
    const text = this.coarse ? func : `${func} ${stableFile(func, f.file)}:${f.line}`;
    key = this.byText.get(text);
    if (key === undefined) {
      key = { func, text };
      this.byText.set(text, key);
    }
    this.byFrame.set(f, key);
    return key;
  }
}

function step(node: TrieNode, key: FrameKey): TrieNode {
  node.next ??= new Map();
  let next = node.next.get(key);
  if (next === undefined) {
    next = { next: null, entry: null };
    node.next.set(key, next);
  }
  return next;
}

export function groupId(signature: string): string {
  return createHash('sha256').update(signature).digest('hex').slice(0, 12);
}

/** Signature of one stack, for callers that do not batch. */
export function signatureOf(frames: Frame[], coarse = false): string {
  return new SignatureBuilder(coarse).signature(frames);
}
