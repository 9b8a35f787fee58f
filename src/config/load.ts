import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/exit-codes.js';
import { fromRoot } from '../core/package-root.js';

export type Config = Record<string, unknown>;

/**
 * Settings that weaken a safeguard (the audit trail, host-key checking, how much of the fleet is
 * touched at once, the load on services). A `fleet-diag.yml` that merely sits in the working
 * directory (in AWX: the project checkout, anyone's commit) does not get to change them.
 */
export const SECURITY_SETTINGS = ['auditLog', 'acceptNewHostKeys', 'maxConcurrent', 'maxFail', 'fullStacks'] as const;

export interface LoadedConfig {
  file: string | null;
  config: Config;
  /** flag: --config; env: $FLEET_DIAG_CONFIG; cwd: ./fleet-diag.yml found in the working directory. */
  source: 'flag' | 'env' | 'cwd' | null;
  /** Security settings an implicit config set, left out. */
  ignored: string[];
}

/**
 * Reads `--config FILE` (or $FLEET_DIAG_CONFIG, or ./fleet-diag.yml when present) and validates it
 * against schema/config.schema.json: a bad field is one clear line naming it. From an implicit
 * ./fleet-diag.yml, SECURITY_SETTINGS are left out (and named in `ignored`).
 */
export async function loadConfig(explicit: string | undefined, cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfig> {
  const implicit = path.join(cwd, 'fleet-diag.yml');
  const [file, source] = explicit ? [explicit, 'flag' as const]
    : env.FLEET_DIAG_CONFIG ? [env.FLEET_DIAG_CONFIG, 'env' as const]
    : existsSync(implicit) ? [implicit, 'cwd' as const] : [null, null];
  if (!file) return { file: null, config: {}, source: null, ignored: [] };
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
  const config = { ...(data as Config) };
  const ignored: string[] = [];
  if (source === 'cwd') {
    for (const k of SECURITY_SETTINGS) {
      if (k in config) {
        ignored.push(k);
        delete config[k];
      }
    }
  }
  return { file, config, source, ignored };
}

/** What stderr says about the config: which file was loaded, and loudly what was left out. */
export function configNotes(c: LoadedConfig): string[] {
  if (!c.file) return [];
  const from = c.source === 'flag' ? '--config' : c.source === 'env' ? 'FLEET_DIAG_CONFIG' : 'found in the working directory';
  const notes = [`config: ${c.file} (${from})`];
  if (c.ignored.length) {
    notes.push(`WARNING: ${c.file} was not given with --config, so its security settings are ignored: ${c.ignored.join(', ')} (give --config ${c.file} or set FLEET_DIAG_CONFIG to use them)`);
  }
  return notes;
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
