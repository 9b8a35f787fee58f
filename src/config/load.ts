import { existsSync, readFileSync } from 'node:fs';
import { UserError } from '../core/exit-codes.js';
import { fromRoot } from '../core/package-root.js';

export type Config = Record<string, unknown>;

/**
 * Reads `--config FILE` (or $FLEET_DIAG_CONFIG, or ./fleet-diag.yml when present) and validates it
 * against schema/config.schema.json: a bad field is one clear line naming it.
 */
export async function loadConfig(explicit: string | undefined): Promise<{ file: string | null; config: Config }> {
  const file = explicit ?? process.env.FLEET_DIAG_CONFIG ?? (existsSync('fleet-diag.yml') ? 'fleet-diag.yml' : null);
  if (!file) return { file: null, config: {} };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserError(`config ${file}: cannot be read`);
  }
  const { parse } = await import('yaml');
  let data: unknown;
  try {
    data = parse(text) ?? {};
  } catch (err) {
    throw new UserError(`config ${file}: not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const { default: Ajv } = await import('ajv');
  const AjvCtor = Ajv as unknown as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params?: { additionalProperty?: string } }[] } };
  const validate = new AjvCtor({ allErrors: false, strict: false }).compile(JSON.parse(readFileSync(fromRoot('schema', 'config.schema.json'), 'utf8')));
  if (!validate(data)) {
    const e = validate.errors?.[0];
    const field = e?.params?.additionalProperty ? `${e.instancePath}/${e.params.additionalProperty}` : e?.instancePath || '/';
    const why = e?.params?.additionalProperty ? 'is not a known setting' : e?.message ?? 'is invalid';
    throw new UserError(`config ${file}: ${field.replace(/^\//, '') || '(top level)'} ${why}`);
  }
  return { file, config: data as Config };
}

/** Config values fill in flags the user did not give on the command line. */
export function applyConfig<T extends object>(flags: T, config: Config, givenOnCli: (key: string) => boolean): T {
  const out = { ...flags } as Record<string, unknown>;
  for (const [k, v] of Object.entries(config)) {
    if (givenOnCli(k)) continue;
    out[k] = typeof v === 'number' ? String(v) : k === 'allow' && Array.isArray(v) ? v.join(',') : v;
  }
  return out as T;
}
