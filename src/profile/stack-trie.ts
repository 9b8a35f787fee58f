// The stack trie: every path from a state's root is a stack seen before (frames innermost
// first, then the creator). A new goroutine's lines are matched against the children of the
// node reached so far with startsWith on the raw line: when the stack is one seen before (the
// usual case: thousands of goroutines parked at a few sites) no string is sliced, hashed or
// built for it. The end node is also where merged records live (a Slot).
import type { Frame } from './types.js';
import type { Slot } from './merge.js';

export interface TNode extends Slot {
  parent: TNode | null;
  frame: Frame | null;
  /** `file:line` of frame, as printed ('' when unknown). */
  loc: string;
  /** This node is a `created by` frame. */
  creator: boolean;
  kids: TNode[];
  /** Past WIDE children: function name → children with that function. */
  byFunc: Map<string, TNode[]> | null;
  /** The frames of a stack ending here (creators left out), built once, frozen and shared. */
  frames: Frame[] | null;
  /**
   * The fast lane's copy of this node (known-stacks.ts): its address there; 0 not yet, -1 read
   * once the long way (a node is copied the second time a stack passes it: a stack seen once
   * costs the lane nothing).
   */
  lane: number;
}

/** Children scanned one by one up to this many; a map by function name beyond. */
export const WIDE = 12;

export const newNode = (parent: TNode | null, frame: Frame | null, loc: string, creator: boolean): TNode => ({
  plain: -1,
  other: null,
  epoch: 0,
  parent,
  frame,
  loc,
  creator,
  kids: NO_KIDS,
  byFunc: null,
  frames: null,
  lane: 0,
});

/** Shared by every node without children (most of them, in a dump of distinct stacks). */
const NO_KIDS: TNode[] = [];

const NO_FRAMES: Frame[] = Object.freeze([]) as unknown as Frame[];

/** Frames on the path from the root to `node`, innermost first; one shared frozen array per node. */
export function framesOf(node: TNode): Frame[] {
  if (node.frames !== null) return node.frames;
  const out: Frame[] = [];
  for (let n: TNode | null = node; n !== null && n.frame !== null; n = n.parent) if (!n.creator) out.push(n.frame);
  out.reverse();
  node.frames = out.length === 0 ? NO_FRAMES : (Object.freeze(out) as Frame[]);
  return node.frames;
}

export function addKid(parent: TNode, frame: Frame, loc: string, creator: boolean): TNode {
  const kid = newNode(parent, frame, loc, creator);
  if (parent.kids === NO_KIDS) parent.kids = [kid];
  else parent.kids.push(kid);
  if (parent.byFunc !== null) index(parent.byFunc, kid);
  else if (parent.kids.length > WIDE) {
    parent.byFunc = new Map();
    for (const k of parent.kids) index(parent.byFunc, k);
  }
  return kid;
}

function index(m: Map<string, TNode[]>, kid: TNode): void {
  const f = (kid.frame as Frame).func;
  const list = m.get(f);
  if (list === undefined) m.set(f, [kid]);
  else list.push(kid);
}
