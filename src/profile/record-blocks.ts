// debug=1 records read before: the hosts of a fleet run the same binaries, so their debug=1
// profiles repeat the same records (same addresses, same `#` frame lines), only the counts
// differ. The lines after a record's header are kept with what they gave (frames, labels), by
// the header's addresses; when a later record has the same addresses and the input goes on with
// exactly the same text, that text is skipped and its result taken, as if its lines had been
// read one by one (they give nothing else: no warnings, no counts). The text is compared, never
// assumed, so another binary with the same addresses is read the long way. The blocks belong to
// the Frame table (frames.ts): a new table starts with none. Only blocks within one piece of
// input are kept: a bounded number, holding a bounded amount of text.
import { RECORD, type MachineState } from './machine-state.js';
import { detach } from './warnings.js';
import type { RecordBlock } from './frames.js';

/** Blocks kept at most per table (then they start over), the longest block kept, and the text
 *  all blocks may hold together (memory stays bounded whatever a fleet of binaries sends). */
const MAX_BLOCKS = 20_000;
const MAX_TEXT = 16_384;
const MAX_TOTAL_TEXT = 8 * 1024 * 1024;
/** Blocks kept for the same addresses: a record with labels and one without can share them
 *  (test/fixtures/dumps/go119-debug1.txt), and with one each would push the other out. */
const MAX_VARIANTS = 4;

/**
 * Called right after a record header was read, with `pos` the start of the next line in `s`:
 * where reading goes on (past the block when it is known, else `pos`, and the block is kept).
 */
export function afterRecordHeader(m: MachineState, s: string, pos: number): number {
  const key = m.recKey!;
  m.recKey = null;
  if (m.mode !== RECORD) return pos;
  // slice and ===, not startsWith: V8 compares the two flat strings at once (0.1 µs for a
  // 270-character block, against 0.5-2.3 µs for startsWith's character by character)
  for (let known = m.frames.recordBlocks.get(key) ?? null; known !== null; known = known.other) {
    if (s.slice(pos, pos + known.text.length) !== known.text) continue;
    m.d.frames = known.frames.slice(); // the record's own
    m.d.labels = known.labels === null ? null : { ...known.labels };
    m.lineNo += known.lines;
    return pos + known.text.length;
  }
  m.blk = { key, s, start: pos, lineNo: m.lineNo, records: m.tally.records };
  return pos;
}

/** The block being kept ends before `end` (a line that is no `#` line of it, or the piece's end). */
export function closeBlock(m: MachineState, s: string, end: number): void {
  const b = m.blk!;
  m.blk = null;
  // still the same record, read whole from this piece
  // (and not empty: a piece that ends at the header, a record of no lines: such a block would
  // take the place of the record's real one, and match any input)
  if (b.s !== s || m.mode !== RECORD || m.tally.records !== b.records || end - b.start > MAX_TEXT || end === b.start) return;
  const table = m.frames;
  const blocks = table.recordBlocks;
  if (blocks.size >= MAX_BLOCKS || table.recordBlockChars + (end - b.start) > MAX_TOTAL_TEXT) {
    blocks.clear();
    table.recordBlockChars = 0;
  }
  const d = m.d;
  const text = detach(s.slice(b.start, end));
  const block: RecordBlock = { text, frames: d.frames.slice(), labels: d.labels === null ? null : { ...d.labels }, lines: m.lineNo - b.lineNo, other: null };
  // the new block first, then up to MAX_VARIANTS - 1 of those kept before for the same addresses
  let chars = text.length;
  let last = block;
  let n = 1;
  for (let v = blocks.get(b.key) ?? null; v !== null; v = v.other) {
    table.recordBlockChars -= v.text.length;
    if (v.text === text || n === MAX_VARIANTS) continue;
    last = last.other = v;
    chars += v.text.length;
    n++;
  }
  last.other = null;
  table.recordBlockChars += chars;
  blocks.set(detach(b.key), block);
}
