// Known leak patterns as data (patterns/known.yaml plus the user's own YAML or JSON file):
// loading, checking, and matching them against a group.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { Group, GoroutineClass } from './types.js';

const CLASSES: readonly GoroutineClass[] = [
  'chan-receive', 'chan-send', 'nil-chan', 'select', 'select-no-cases', 'mutex', 'rwmutex',
  'waitgroup', 'cond', 'io-wait', 'sleep', 'syscall', 'running', 'runnable', 'runtime', 'other',
];

export interface KnownPattern {
  name: string;
  function: RegExp | null;
  classes: GoroutineClass[] | null;
  location: RegExp | null;
  minCount: number;
  cause: string;
  fix: string;
}

/** What a pattern is matched against. */
export type PatternSubject = Pick<Group, 'class' | 'count' | 'function'> & { functions: string[] };

/** A pattern file or entry that cannot be used; the message says which entry and why. */
export class PatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatternError';
  }
}

/** Accepts a list of entries or `{ patterns: [...] }`, as parsed from YAML or JSON. */
export function patternEntries(doc: unknown, source = 'patterns'): unknown[] {
  if (Array.isArray(doc)) return doc;
  if (doc && typeof doc === 'object' && Array.isArray((doc as { patterns?: unknown }).patterns)) {
    return (doc as { patterns: unknown[] }).patterns;
  }
  throw new PatternError(`${source}: expected a list of patterns or a 'patterns:' list`);
}

/** Reads a YAML or JSON pattern file (JSON is YAML too). */
export function loadPatternFile(file: string): unknown[] {
  return patternEntries(parsePatternText(readPatternText(file), file), file);
}

function readPatternText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new PatternError(`cannot read patterns file ${file}: ${(err as Error).message}`);
  }
}

function parsePatternText(text: string, file: string): unknown {
  let doc: unknown;
  try {
    doc = loadYaml().parse(text);
  } catch (err) {
    throw new PatternError(`patterns file ${file} is not valid YAML/JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  return doc;
}

export function compilePatterns(entries: unknown[], source = 'patterns'): KnownPattern[] {
  return entries.map((e, i) => compileOne(e, `${source}: entry ${i + 1}`));
}

function compileOne(entry: unknown, where: string): KnownPattern {
  if (!entry || typeof entry !== 'object') throw new PatternError(`${where}: expected an object`);
  const e = entry as Record<string, unknown>;
  const name = typeof e.name === 'string' && e.name.trim() ? e.name.trim() : null;
  if (!name) throw new PatternError(`${where}: 'name' is required`);
  const at = `${where} (${name})`;
  const m = (e.match ?? {}) as Record<string, unknown>;
  if (typeof m !== 'object') throw new PatternError(`${at}: 'match' must be an object`);
  for (const key of ['cause', 'fix'] as const) {
    if (typeof e[key] !== 'string' || !(e[key] as string).trim()) throw new PatternError(`${at}: '${key}' is required (one line)`);
  }
  const fn = regex(m.function, `${at}: match.function`);
  const location = regex(m.location, `${at}: match.location`);
  if (!fn && !location) throw new PatternError(`${at}: match needs 'function' or 'location'`);
  let classes: GoroutineClass[] | null = null;
  if (m.class !== undefined) {
    const list = Array.isArray(m.class) ? m.class : [m.class];
    for (const c of list) {
      if (!CLASSES.includes(c as GoroutineClass)) throw new PatternError(`${at}: match.class '${String(c)}' is not one of ${CLASSES.join(', ')}`);
    }
    classes = list as GoroutineClass[];
  }
  const minCount = m.minCount === undefined ? 0 : Number(m.minCount);
  if (!Number.isFinite(minCount) || minCount < 0) throw new PatternError(`${at}: match.minCount must be a number ≥ 0`);
  return { name, function: fn, classes, location, minCount, cause: (e.cause as string).trim(), fix: (e.fix as string).trim() };
}

function regex(value: unknown, what: string): RegExp | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new PatternError(`${what} must be a string (a regular expression)`);
  let src = value;
  let flags = '';
  // Go/PCRE-style inline case-insensitivity, which JavaScript lacks.
  if (src.startsWith('(?i)')) {
    src = src.slice(4);
    flags = 'i';
  }
  try {
    return new RegExp(src, flags);
  } catch (err) {
    throw new PatternError(`${what} is not a valid regular expression: ${(err as Error).message}`);
  }
}

/** The yaml package (about 30 ms to load), loaded on the first pattern file only. */
let yaml: typeof import('yaml') | null = null;
const loadYaml = (): typeof import('yaml') => (yaml ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));

let builtin: KnownPattern[] | null = null;

/** patterns/known.yaml of this package (src/analysis/ and dist/analysis/ both sit two levels down). */
export function builtinPatterns(): KnownPattern[] {
  if (!builtin) {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
    const file = path.join(root, 'patterns', 'known.yaml');
    const text = readPatternText(file);
    builtin = compilePatterns(patternEntries(builtDoc(path.join(root, 'dist', 'known-patterns.json'), text) ?? parsePatternText(text, file), file), file);
  }
  return builtin;
}

/** known.yaml as parsed at build time (scripts/build-patterns.mjs), if made from this very text. */
function builtDoc(built: string, text: string): unknown {
  let b: { sha256?: unknown; doc?: unknown };
  try {
    b = JSON.parse(readFileSync(built, 'utf8')) as typeof b;
  } catch {
    return undefined; // not built (tests from the sources) or unreadable: the YAML is parsed
  }
  return b.sha256 === createHash('sha256').update(text).digest('hex') ? b.doc : undefined;
}

/** The first pattern that fits; user patterns should come first in the list. */
export function matchPattern(patterns: readonly KnownPattern[], s: PatternSubject): KnownPattern | null {
  for (const p of patterns) {
    if (p.classes && !p.classes.includes(s.class)) continue;
    if (s.count < p.minCount) continue;
    if (p.location && !p.location.test(s.function)) continue;
    if (p.function && !s.functions.some((f) => p.function!.test(f))) continue;
    return p;
  }
  return null;
}
