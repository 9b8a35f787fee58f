// The audit log's lines, streamed: `verify` and `list` never hold the log in memory (a log of
// months of `watch` passes 512 MB, where one string no longer fits), and a line longer than any
// record we write is reported, not buffered.
import { createReadStream } from 'node:fs';

/** Far above a real record (a start record naming 20 000 hosts is ~0.5 MB). */
export const MAX_LINE = 32 * 1024 * 1024;

export interface LogLine {
  /** 1-based. */
  line: number;
  text: string;
  /** The line was longer than MAX_LINE: `text` is empty. */
  tooLong?: boolean;
}

export async function* logLines(file: string, maxLine = MAX_LINE): AsyncGenerator<LogLine> {
  let parts: Buffer[] = [];
  let held = 0;
  let tooLong = false;
  let line = 0;
  const take = (): LogLine => {
    line++;
    const out: LogLine = tooLong ? { line, text: '', tooLong: true } : { line, text: Buffer.concat(parts).toString('utf8') };
    parts = [];
    held = 0;
    tooLong = false;
    return out;
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl >= 0; nl = chunk.indexOf(10, from)) {
      if (held + nl - from > maxLine) tooLong = true;
      if (!tooLong) parts.push(chunk.subarray(from, nl));
      yield take();
      from = nl + 1;
    }
    if (from < chunk.length && !tooLong) {
      held += chunk.length - from;
      if (held > maxLine) {
        tooLong = true;
        parts = [];
      } else {
        parts.push(Buffer.from(chunk.subarray(from)));
      }
    }
  }
  if (held > 0 || tooLong) yield take();
}
