// Where alerts go. Webhook URLs carry secrets (DingTalk's access_token, Slack's hook path), so
// besides `--dingtalk URL` they can come from a file (`--dingtalk @FILE`) or the environment
// (FLEET_DIAG_DINGTALK_URL, FLEET_DIAG_SLACK_URL, FLEET_DIAG_WEBHOOK_URL); signing secrets and
// tokens come only from the environment or a file (FLEET_DIAG_DINGTALK_SECRET[_FILE],
// FLEET_DIAG_WEBHOOK_TOKEN[_FILE]), never from argv.
import { readFileSync } from 'node:fs';
import { UserError } from '../core/exit-codes.js';
import type { Channel, ChannelKind } from './deliver.js';
import { redactUrl } from './redact.js';

const ENV: Record<ChannelKind, string> = { dingtalk: 'FLEET_DIAG_DINGTALK_URL', slack: 'FLEET_DIAG_SLACK_URL', webhook: 'FLEET_DIAG_WEBHOOK_URL' };

function readSecretFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new UserError(`${what}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** `VAR` or the contents of the file named by `VAR_FILE`. */
export function secretFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env[name]) return env[name]!.trim();
  const file = env[`${name}_FILE`];
  return file ? readSecretFile(file, `${name}_FILE`) : null;
}

function urlFor(kind: ChannelKind, flag: string | undefined, env: NodeJS.ProcessEnv): string | null {
  let raw = flag ?? env[ENV[kind]] ?? null;
  if (raw === null) return null;
  if (raw.startsWith('@')) raw = readSecretFile(raw.slice(1), `--${kind}`);
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new UserError(`--${kind}: not a URL (${redactUrl(raw, { webhook: true }).slice(0, 80)})`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new UserError(`--${kind}: only http(s) URLs are supported`);
  return u.toString();
}

/** True when a URL given in argv carries a secret the process list would show. */
export function urlHasSecret(url: string): boolean {
  return redactUrl(url) !== url;
}

export function channelsFrom(flags: { dingtalk?: string; slack?: string; webhook?: string }, env: NodeJS.ProcessEnv = process.env, warn: (s: string) => void = () => {}): Channel[] {
  const out: Channel[] = [];
  for (const kind of ['dingtalk', 'slack', 'webhook'] as const) {
    const url = urlFor(kind, flags[kind], env);
    if (!url) continue;
    if (flags[kind] && !flags[kind]!.startsWith('@') && urlHasSecret(url)) {
      warn(`--${kind}: the URL carries a secret that the process list shows; prefer --${kind} @FILE or ${ENV[kind]}`);
    }
    out.push({
      kind, url,
      secret: kind === 'dingtalk' ? secretFromEnv('FLEET_DIAG_DINGTALK_SECRET', env) : null,
      token: kind === 'webhook' ? secretFromEnv('FLEET_DIAG_WEBHOOK_TOKEN', env) : null,
    });
  }
  return out;
}
