// The goroutine or debug=1 record being read (MachineState.d, one reused draft): started by
// its header, ended by a blank line, the next header or anything that cannot belong to it,
// and then handed to the sink (merge.ts), which keeps it or merges it into a record. Both
// formats end here, so whatever line ends one (lines.ts, traceback.ts, debug1.ts, the fast
// lane) ends it the same way through endCurrent().
import type { Labels } from './labels.js';
import { framesOf } from './stack-trie.js';
import { attachMissing } from './goroutine-frames.js';
import { GOROUTINE, NONE, PEND_NONE, RECORD, type MachineState, type State } from './machine-state.js';

/** Ends the goroutine or record being read, if any. */
export function endCurrent(m: MachineState): void {
  if (m.mode === GOROUTINE) endGoroutine(m);
  else if (m.mode === RECORD) endRecord(m);
  m.mode = NONE;
}

/** A traceback header was read. pushId false: the fast lane adds ids, and their records, itself. */
export function startGoroutine(
  m: MachineState,
  id: number,
  st: State,
  minutes: number,
  locked: boolean,
  leaked: boolean,
  labels: Labels | null,
  pushId = true,
): void {
  m.mode = GOROUTINE;
  m.tally.headers++;
  m.idPos = pushId ? m.ids.push(id) : -1;
  const d = m.d;
  d.id = id;
  d.count = 1;
  d.state = st.text;
  d.waitMinutes = minutes;
  d.lockedToThread = locked;
  d.leaked = leaked || m.leakProfile;
  if (d.leaked) m.tally.anyLeaked = true;
  d.labels = labels;
  d.createdBy = null;
  d.createdByGoroutine = null;
  d.framesElided = false;
  m.node = st.root;
  m.pendKind = PEND_NONE;
  m.pendName = null;
  m.unavailable = false;
  m.startLine = m.lineNo;
  m.orphanWarned = false;
}

/** Returns the record the goroutine went to (-1: kept aside until the end). */
export function endGoroutine(m: MachineState): number {
  if (m.pendKind !== PEND_NONE) attachMissing(m);
  const d = m.d;
  d.frames = framesOf(m.node);
  if (d.frames.length === 0) {
    if (m.unavailable) {
      // Its full trace often follows later under the same id (fatal errors print it again).
      m.unavailableDrafts.push({ draft: { ...d, frames: [] }, line: m.startLine, pos: m.idPos });
      return -1;
    }
    m.warnings.add(m.startLine, `goroutine ${d.id} has no stack frames`);
  }
  const rec = m.sink.addAt(m.node, d);
  if (m.idPos >= 0) m.ids.setRecord(m.idPos, rec);
  return rec;
}

/** A debug=1 record header (`12 @ 0x…`) of `count` goroutines was read. */
export function startRecord(m: MachineState, count: number): void {
  endCurrent(m);
  m.mode = RECORD;
  m.tally.records++;
  m.tally.recordTotal += count;
  const d = m.d;
  d.id = null;
  d.count = count;
  d.state = '';
  d.waitMinutes = 0;
  d.lockedToThread = false;
  d.leaked = m.leakProfile;
  if (d.leaked) m.tally.anyLeaked = true;
  d.labels = null;
  d.frames = []; // a record's frames are its own (debug1.ts pushes to them)
  d.createdBy = null;
  d.createdByGoroutine = null;
  d.framesElided = false;
  m.startLine = m.lineNo;
}

function endRecord(m: MachineState): void {
  const d = m.d;
  if (d.count === 0) {
    m.warnings.add(m.startLine, 'record of 0 goroutines skipped');
    return;
  }
  if (d.frames.length === 0) m.warnings.add(m.startLine, `record of ${d.count} goroutine${d.count === 1 ? '' : 's'} has no frames`);
  m.sink.add(d);
}
