// Frame interning: every distinct (function, file, line) is one shared, immutable Frame object,
// so 100,000 goroutines parked at the same site cost one Frame, and signatures compare by identity.
import type { Frame } from './types.js';
import type { Labels } from './labels.js';
import { detach } from './warnings.js';

interface FuncEntry {
  func: string;
  /** The first location seen for this function (most functions have one per dump)… */
  loc: string;
  frame: Frame;
  /** …and the others, `file:line` as printed → Frame. */
  more: Map<string, Frame> | null;
}

/** Past this many frames the table shared by parses starts over (a dump of all-distinct stacks). */
const SHARED_LIMIT = 100_000;
let shared: FrameTable | null = null;

/**
 * The table a new parse interns into: shared by the parses of one thread, so dumps of the same
 * binary (a fleet's hosts, a watch's samples) give the same Frame objects and the analysis's
 * per-frame work is done once for all of them. Frames are immutable, so sharing is safe; the table
 * is only ever replaced between parses, never during one (a parse relies on identity).
 */
export function frameTableForParse(): FrameTable {
  if (shared === null || shared.size > SHARED_LIMIT) shared = new FrameTable();
  return shared;
}

/** A debug=1 record's lines after its header, as read before (record-blocks.ts). */
export interface RecordBlock {
  /** The lines, exactly as they were, each with its newline. */
  text: string;
  /** What they gave: the record's frames (this table's Frames) and labels. */
  frames: readonly Frame[];
  labels: Labels | null;
  lines: number;
  /** The block of another record after the same addresses (say, one with labels and one without), or null. */
  other: RecordBlock | null;
}

export class FrameTable {
  private readonly byFunc = new Map<string, FuncEntry>();
  private entries = 0;
  /** debug=1 records read by the parses of this table, by their header's addresses: their Frames
   *  are this table's, so they go with it (record-blocks.ts). */
  readonly recordBlocks = new Map<string, RecordBlock>();
  /** Characters of text those blocks hold (record-blocks.ts bounds it). */
  recordBlockChars = 0;

  /** Distinct frames interned so far. */
  get size(): number {
    return this.entries;
  }

  /**
   * The Frame for function `func` at `loc` (`file:line` exactly as printed, or '' when unknown).
   * Both may be slices of a large input chunk: new entries store detached copies.
   */
  intern(func: string, loc: string): Frame {
    const e = this.byFunc.get(func);
    if (e === undefined) {
      const f = detach(func);
      const l = detach(loc);
      const frame = Object.freeze(splitLoc(f, l));
      this.byFunc.set(f, { func: f, loc: l, frame, more: null });
      this.entries++;
      return frame;
    }
    if (e.loc === loc) return e.frame;
    let frame = e.more?.get(loc);
    if (frame === undefined) {
      const l = detach(loc);
      frame = Object.freeze(splitLoc(e.func, l));
      (e.more ??= new Map()).set(l, frame);
      this.entries++;
    }
    return frame;
  }
}

/** `{func, file, line}` from `path/to/file.go:42` (Windows `C:/x/y.go:42` too). */
function splitLoc(func: string, loc: string): Frame {
  const colon = loc.lastIndexOf(':');
  if (colon <= 0) return { func, file: loc, line: 0 };
  let line = 0;
  for (let i = colon + 1; i < loc.length; i++) {
    const c = loc.charCodeAt(i);
    if (c < 48 || c > 57) return { func, file: loc, line: 0 };
    line = line * 10 + (c - 48);
  }
  return { func, file: loc.slice(0, colon), line };
}

/**
 * Frames as `?debug=1` shows them: leading `runtime.`/`internal/runtime/` frames and
 * `runtime.goexit` dropped (all frames kept when nothing else is left). Useful to compare a
 * binary profile, which keeps `runtime.gopark` & co., with the text formats.
 */
export function trimRuntimeFrames(frames: readonly Frame[]): Frame[] {
  const out: Frame[] = [];
  let show = false;
  for (const f of frames) {
    if (f.func === 'runtime.goexit') continue;
    if (!show && (f.func.startsWith('runtime.') || f.func.startsWith('internal/runtime/'))) continue;
    show = true;
    out.push(f);
  }
  return out.length > 0 ? out : frames.filter((f) => f.func !== 'runtime.goexit');
}
