import { readFileSync } from 'node:fs';
import { fromRoot } from '../core/package-root.js';

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
let validator: Validator | null = null;

/** Compiles the schema ahead of need (idempotent). */
export async function warmReportValidator(): Promise<void> {
  await validateReport(null);
}

/** Checks a report against schema/report.schema.json (ajv); returns the problems, none when valid. */
export async function validateReport(report: unknown): Promise<string[]> {
  if (!validator) {
    const { default: Ajv } = await import('ajv');
    const schema = JSON.parse(readFileSync(fromRoot('schema', 'report.schema.json'), 'utf8'));
    const AjvCtor = Ajv as unknown as new (o: object) => { compile(s: object): Validator };
    validator = new AjvCtor({ allErrors: true, strict: false }).compile(schema);
  }
  if (validator(report)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
