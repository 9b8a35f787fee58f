// The stack tries a parse starts from: those of the parses before it in this thread, while no
// other parse holds them. A fleet's hosts run the same binaries, so the second host's dump is
// mostly stacks the first one's taught: its goroutines go the fast lane (known-stacks.ts) from
// the first line, instead of each small dump building its trie (and lane copy) anew and reading
// most of its goroutines the long way; and its debug=1 records walk a signature trie that
// already has their steps (merge.ts), instead of making a Map and a node per frame. What a parse
// gets does not depend on what the tries knew before (lane-bridge.ts: a matched goroutine counts
// as its lines read one by one; merge.ts: a node's records are the sink's that marked it). The
// tries go with the Frame table whose Frames they hold (frames.ts), and start over past
// MAX_NODES or when their lane died.
import type { FrameTable } from './frames.js';
import type { KnownStacks, StateRoot } from './known-stacks.js';
import { newSignatureRoot, type SignatureNode } from './merge.js';

/** Wait states, each with the root of its stack trie, and the lane that holds a copy of them. */
export interface Stacks {
  states: Map<string, StateRoot>;
  /** The first 64 states (those the lane gets), scanned before the map. */
  stateList: StateRoot[];
  /** Made on the first ASCII piece (lane-bridge.ts); null without WebAssembly. */
  lane: KnownStacks | null | undefined;
  /** The merge's signature trie (merge.ts Sink: debug=1 records walk it frame by frame). */
  signatures: SignatureNode;
  /** Nodes of both made so far (roots included). */
  nodes: number;
  /** The thread's (given back at the end of the parse), or a parse's own. */
  shared: boolean;
}

/** Past this many nodes the shared tries start over (a fleet of many binaries, dumps of distinct stacks). */
const MAX_NODES = 100_000;

let kept: { table: FrameTable; stacks: Stacks } | null = null;
/** A parse holds the shared tries (parseDumpStream's parses may overlap). */
let lent = false;

const fresh = (shared: boolean): Stacks => ({ states: new Map(), stateList: [], lane: undefined, signatures: newSignatureRoot(), nodes: 0, shared });

/** The tries for a new parse interning into `table`: the shared ones when free, else its own. */
export function stacksForParse(table: FrameTable): Stacks {
  if (lent) return fresh(false);
  if (kept === null || kept.table !== table) {
    kept?.stacks.lane?.release();
    kept = { table, stacks: fresh(true) };
  }
  lent = true;
  return kept.stacks;
}

/** The parse is done with its tries (its lane: m.lane, which may have been made meanwhile). */
export function giveBackStacks(s: Stacks, lane: KnownStacks | null | undefined): void {
  if (!s.shared) {
    lane?.release();
    return;
  }
  s.lane = lane;
  lent = false;
  // a lane that could not grow holds part of the trie: start over rather than keep it half-known;
  // and a trie past its bound is not kept until the next parse
  if ((lane?.dead || s.nodes > MAX_NODES) && kept?.stacks === s) {
    kept = null;
    lane?.release();
  }
}
