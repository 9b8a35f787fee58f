// Who may call `gate --serve`: the shared token (never from argv: `--serve-token @FILE`, or
// FLEET_DIAG_GATE_TOKEN / FLEET_DIAG_GATE_TOKEN_FILE) and extra Host names.
import { readFileSync } from 'node:fs';
import { UserError } from '../core/exit-codes.js';
import { secretFromEnv } from '../alert/channels.js';

const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(:\d{1,5})?$/i;

export function serveAccess(
  flags: { serveToken?: string; serveAllowHost?: string },
  serving: boolean,
  env: NodeJS.ProcessEnv = process.env,
): { token: string | null; allowHosts: string[] } {
  if (!serving && (flags.serveToken !== undefined || flags.serveAllowHost !== undefined)) {
    throw new UserError(`${flags.serveToken !== undefined ? '--serve-token' : '--serve-allow-host'} needs --serve PORT`);
  }
  if (!serving) return { token: null, allowHosts: [] };
  let token: string | null = null;
  if (flags.serveToken !== undefined) {
    if (!flags.serveToken.startsWith('@')) throw new UserError('--serve-token: give @FILE (a token on the command line shows in the process list), or set FLEET_DIAG_GATE_TOKEN');
    try {
      token = readFileSync(flags.serveToken.slice(1), 'utf8').trim();
    } catch (err) {
      throw new UserError(`--serve-token: cannot read ${flags.serveToken.slice(1)} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  } else {
    token = secretFromEnv('FLEET_DIAG_GATE_TOKEN', env);
  }
  if (token !== null && token.length < 16) throw new UserError('--serve-token: the token is shorter than 16 characters (e.g. openssl rand -hex 32 > FILE)');
  const allowHosts = (flags.serveAllowHost ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  for (const h of allowHosts) if (!HOST.test(h)) throw new UserError(`--serve-allow-host: '${h}' is not a host[:port]`);
  return { token, allowHosts };
}
