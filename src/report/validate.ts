import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fromRoot } from '../core/package-root.js';

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
let validator: Validator | null = null;

/** Compiles the schema ahead of need (idempotent). */
export async function warmReportValidator(): Promise<void> {
  await validateReport(null);
}

/** Checks a report against schema/report.schema.json (ajv); returns the problems, none when valid. */
export async function validateReport(report: unknown): Promise<string[]> {
  validator ??= await loadValidator();
  if (validator(report)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** The first `n` bytes of a file (the built validator is ~130 KB; require() reads it once, if it fits). */
function headOf(file: string, n: number): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * The code `npm run build` compiled from this very schema (scripts/build-validator.mjs: its first
 * line holds the schema's SHA-256), else the schema compiled now (from the sources, or a schema
 * edited since the build). Both are ajv's code for the same schema and options.
 */
async function loadValidator(): Promise<Validator> {
  const text = readFileSync(fromRoot('schema', 'report.schema.json'), 'utf8');
  const built = fromRoot('dist', 'report-validator.cjs');
  if (existsSync(built)) {
    const sha = createHash('sha256').update(text).digest('hex');
    if (headOf(built, 100).startsWith(`// schema sha256 ${sha}\n`)) return createRequire(import.meta.url)(built) as Validator;
  }
  const { default: Ajv } = await import('ajv');
  const AjvCtor = Ajv as unknown as new (o: object) => { compile(s: object): Validator };
  return new AjvCtor({ allErrors: true, strict: false }).compile(JSON.parse(text));
}
