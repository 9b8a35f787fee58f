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
import { IdentityMemo } from './memo.js';

interface FrameKey {
  func: string;
  text: string;
}

interface TrieNode {
  next: Map<FrameKey, TrieNode> | null;
  entry: SignatureEntry | null;
}

/** One distinct signature. */
export interface SignatureEntry {
  /** The hash of the signature (which is not kept: a dump of distinct stacks has one per goroutine). */
  id: string;
}

/** What builders share: keys by frame and text, and the trie of signatures (with their ids). */
interface Tables {
  byFrame: WeakMap<Frame, FrameKey>;
  /** Per frames array: the parser hands one array to every goroutine of a stack, across the dumps
   *  of a thread (profile/shared-stacks.ts), so most stacks are found without walking the trie. */
  byStack: IdentityMemo<readonly Frame[], SignatureEntry>;
  /** One key object per normalized text, so frames that normalize alike walk the same trie path. */
  byText: Map<string, FrameKey>;
  root: TrieNode;
  /** Stacks of runtime frames only get their own trie: their signatures keep those frames. */
  runtimeRoot: TrieNode;
  entries: number;
}

/** Past this many signatures or frame texts the shared tables start over (all-distinct stacks). */
const SHARED_LIMIT = 50_000;
const shared: Record<'fine' | 'coarse', Tables | null> = { fine: null, coarse: null };

function tablesFor(coarse: boolean): Tables {
  const k = coarse ? 'coarse' : 'fine';
  let t = shared[k];
  if (t === null || t.entries > SHARED_LIMIT || t.byText.size > SHARED_LIMIT) {
    t = { byFrame: new WeakMap(), byStack: new IdentityMemo(), byText: new Map(), root: { next: null, entry: null }, runtimeRoot: { next: null, entry: null }, entries: 0 };
    shared[k] = t;
  }
  return t;
}

/**
 * Signatures for many stacks. A 100k-goroutine dump repeats a few hundred frames, which the
 * parser interns as shared Frame objects: each Frame is normalized once (cached by identity),
 * and a stack is looked up by walking a trie of those, so no key string is built per goroutine.
 * The tables are shared by the builders of one thread (replaced only when a builder starts, so
 * one builder always sees the same): the parser shares its Frames across dumps too
 * (profile/frames.ts), so a fleet's hosts, which run the same binaries, find their frames keyed
 * and their signatures hashed already. An entry is the same object for every builder: callers
 * keep their own per-signature state (by entry), not on it.
 */
export class SignatureBuilder {
  private readonly t: Tables;

  constructor(readonly coarse = false) {
    this.t = tablesFor(coarse);
  }

  signature(frames: Frame[]): string {
    return this.text(this.walk(frames).keys);
  }

  entry(frames: Frame[]): SignatureEntry {
    const known = this.t.byStack.get(frames);
    if (known !== undefined) return known;
    const { node, keys } = this.walk(frames);
    if (node.entry === null) {
      node.entry = { id: groupId(this.text(keys)) };
      this.t.entries++;
    }
    this.t.byStack.set(frames, node.entry);
    return node.entry;
  }

  private text(keys: FrameKey[]): string {
    return (this.coarse ? 'coarse\n' : '') + keys.map((k) => k.text).join('\n');
  }

  /** The trie node of a stack and the keys of the frames its signature is made of. */
  private walk(frames: Frame[]): { node: TrieNode; keys: FrameKey[] } {
    let node = this.t.root;
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
      node = this.t.runtimeRoot;
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
    let key = this.t.byFrame.get(f);
    if (key !== undefined) return key;
    // (No cache by raw content: for a dump of distinct stacks it held a string per frame for nothing.)
    const func = normalizeFunc(f.func);
    const text = this.coarse ? func : `${func} ${stableFile(func, f.file)}:${f.line}`;
    key = this.t.byText.get(text);
    if (key === undefined) {
      key = { func, text };
      this.t.byText.set(text, key);
    }
    this.t.byFrame.set(f, key);
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
