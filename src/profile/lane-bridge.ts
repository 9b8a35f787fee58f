// Between the line machine and the fast lane (known-stacks.ts, a WebAssembly matcher): ASCII
// pieces go to the lane, which reads the goroutines whose stacks the trie knows straight from
// the bytes; whatever it cannot read (text between goroutines, new or odd stacks) goes the
// long way as text, through the machine's write(), and so teaches the trie. A goroutine the
// lane matched is taken as if its lines had been read one by one (same records, counts and
// line numbers), so the result does not depend on which way a goroutine went.
import { latin1 } from './chars.js';
import { endCurrent, endGoroutine, startGoroutine } from './current-record.js';
import { END, FLUSH, KnownStacks, LANE_PIECE, type KnownGoroutine } from './known-stacks.js';
import type { TNode } from './stack-trie.js';
import { NONE, type MachineState, type State } from './machine-state.js';
import { giveBackStacks } from './shared-stacks.js';

/** Where text that goes the long way is written: the machine's write() (tests count it). */
export interface TextWriter {
  write(chunk: string): void;
}

/**
 * Feeds the next piece of input as bytes the caller knows to be ASCII (pieces may split
 * lines anywhere, as with write). The lane is made on the first such piece, with the trie
 * learned so far; without WebAssembly every piece goes to w.write as text.
 */
export function writeAscii(w: TextWriter, m: MachineState, b: Uint8Array): void {
  if (m.lane === undefined) {
    m.lane = KnownStacks.create();
    for (const st of m.stateList) m.lane?.addTree(st);
  }
  for (let from = 0; from < b.length; from += LANE_PIECE) {
    const piece = b.subarray(from, Math.min(b.length, from + LANE_PIECE));
    const lane = m.lane;
    if (lane === null || lane.dead) w.write(latin1(piece, 0, piece.length));
    else writeLane(w, m, lane, piece);
  }
}

/** The input ended: the lane goes back with the tries it holds a copy of, and no lane is made again. */
export function releaseLane(m: MachineState): void {
  if (!m.stacksGiven) {
    // once: a machine ended twice must not give back tries another parse holds by then
    m.stacksGiven = true;
    m.stacks.nodes += m.sink.made;
    giveBackStacks(m.stacks, m.lane);
  }
  m.lane = null;
}

function writeLane(w: TextWriter, m: MachineState, lane: KnownStacks, b: Uint8Array): void {
  const n = b.length;
  let pos = 0;
  if (m.carry !== '' || m.cutting) {
    // finish the line begun in the previous piece the usual way
    const nl = b.indexOf(10);
    if (nl < 0) {
      w.write(latin1(b, 0, n));
      return;
    }
    pos = nl + 1;
    w.write(latin1(b, 0, pos));
    if (lane.dead) {
      w.write(latin1(b, pos, n));
      return;
    }
  }
  lane.load(b);
  const known = m.known;
  let text = pos; // start of the bytes not read yet
  const runs = m.merge;
  for (;;) {
    const status = lane.scan(pos, text, n, runs);
    const idPos = m.ids.pushAll(lane.ids(), lane.idsIncreasing);
    for (let r = 0; r < lane.count; r++) {
      lane.record(r, known);
      lane.setSink(r, takeKnown(m, known));
    }
    m.ids.setRecords(idPos, lane.sinkOfIds());
    pos = lane.pos;
    text = lane.text;
    if (status === END) break;
    if (status === FLUSH) {
      // what came before a header goes first, so that the trie knows its stacks from here on
      w.write(latin1(b, text, pos));
      text = pos;
    }
    if (lane.dead) break; // out of memory while the long way taught the trie: the rest goes that way
  }
  if (text < n) w.write(latin1(b, text, n));
}

/**
 * Goroutines matched whole from bytes (k.count of them, equal but for their ids): the same
 * effect as their lines read one by one, but for their ids, which the caller has added to
 * `ids` and gives their record. Returns that record.
 */
function takeKnown(m: MachineState, k: KnownGoroutine): number {
  m.first = false;
  endCurrent(m);
  m.lineNo++;
  startGoroutine(m, k.id, k.state as State, k.waitMinutes, k.locked, false, null, false);
  m.tally.headers += k.count - 1;
  m.d.count = k.count;
  m.node = k.node as TNode;
  m.d.createdBy = k.creator;
  m.d.createdByGoroutine = k.creatorGid < 0 ? null : k.creatorGid;
  m.lineNo += k.lines + (k.count - 1) * (1 + k.lines);
  const rec = endGoroutine(m);
  m.mode = NONE;
  return rec;
}
