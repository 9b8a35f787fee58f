import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Pieces are gathered up to this many characters per write. */
const WRITE_CHARS = 1 << 20;

/**
 * Write to a temp file beside the target, then rename: a reader never sees a half-written file.
 * `data` may come in pieces (report.json host by host): written as they come, in writes of about
 * 1 MB, with no string or buffer of the whole text in memory at once. `mode` is the file's (the
 * temp file is made with it, so the data is never readable by more than it allows).
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array | Iterable<string>, opts: { mode?: number } = {}): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(tmp, typeof data === 'string' || data instanceof Uint8Array ? data : batched(data), opts.mode === undefined ? {} : { mode: opts.mode });
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

function* batched(pieces: Iterable<string>): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const p of pieces) {
    parts.push(p);
    size += p.length;
    if (size >= WRITE_CHARS) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}
