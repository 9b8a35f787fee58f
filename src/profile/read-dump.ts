// A goroutine dump from a file or stdin ('-'), for commands that turn dumps into verdicts:
// parsed as parseDumpFile / parseDumpStream do, then refused (NotGoroutinesError) when it holds
// no goroutine (sniff-input.ts says what it looks like instead).
import { createReadStream, statSync } from 'node:fs';
import { parseDumpFile, parseDumpStream, type ParseOptions } from './parse.js';
import { keepHead, readHead, requireGoroutines } from './sniff-input.js';
import type { Profile } from './types.js';
import { ProfileError } from './types.js';

/** `file` ('-' = stdin) as a Profile that holds goroutines; ProfileError otherwise, naming it. */
export async function readGoroutineDump(file: string, opts: Omit<ParseOptions, 'source'> = {}, stdin: NodeJS.ReadableStream = process.stdin): Promise<Profile> {
  if (file === '-') return readStream(stdin, 'stdin', opts);
  let regular: boolean;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new ProfileError(`cannot read ${file}: is a directory`);
    regular = st.isFile();
  } catch (err) {
    throw readError(err, file);
  }
  // A pipe or a device (`analyze <(curl …)`) cannot be read twice: keep its head on the way.
  if (!regular) return readStream(createReadStream(file), file, opts);
  const profile = await parseDumpFile(file, opts);
  return requireGoroutines(profile, () => readHead(file), file);
}

async function readStream(stream: NodeJS.ReadableStream, source: string, opts: Omit<ParseOptions, 'source'>): Promise<Profile> {
  const kept = keepHead(stream as AsyncIterable<Buffer>);
  try {
    const profile = await parseDumpStream(kept.stream, { ...opts, source });
    return requireGoroutines(profile, kept.head, source);
  } catch (err) {
    throw readError(err, source);
  }
}

function readError(err: unknown, file: string): ProfileError {
  if (err instanceof ProfileError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  return new ProfileError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? (err as Error).message)}`);
}
