// Secrets never reach output, logs, files or the audit: webhook URLs carry them (DingTalk's
// access_token, Slack's hook path), so every URL is redacted before it is shown or stored.

const SECRET_PARAMS = /^(access_token|token|key|api_?key|secret|sign|signature|sig|password|passwd|auth|code)$/i;
/** Hosts whose URL path is itself the secret, and how many leading path segments are safe to show. */
const SECRET_PATHS: { host: RegExp; keep: number }[] = [
  { host: /(^|\.)hooks\.slack\.com$/i, keep: 1 }, // /services/***
  { host: /(^|\.)discord(app)?\.com$/i, keep: 3 }, // /api/webhooks/<id>/***
  { host: /(^|\.)office\.com$|(^|\.)webhook\.office\.com$/i, keep: 1 },
];

export function redactUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return raw;
  }
  if (u.password) u.password = '***';
  for (const [k] of [...u.searchParams]) if (SECRET_PARAMS.test(k)) u.searchParams.set(k, '***');
  const rule = SECRET_PATHS.find((r) => r.host.test(u.hostname));
  if (rule) {
    const parts = u.pathname.split('/').filter(Boolean);
    if (parts.length > rule.keep) u.pathname = `/${[...parts.slice(0, rule.keep), '***'].join('/')}`;
  }
  // URLSearchParams encodes '*' as %2A; keep the mask readable.
  return u.toString().replace(/%2A%2A%2A/g, '***');
}

/** Redacts every URL in a text, and any known secret value. */
export function redactText(text: string, secrets: readonly (string | undefined | null)[] = []): string {
  let out = text.replace(/\bhttps?:\/\/[^\s"'<>`]+/gi, (m) => redactUrl(m));
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out;
}

/** The command line as it is recorded in the audit log: shell-quoted, URLs redacted. */
export function redactedCommandLine(argv: readonly string[]): string {
  return argv
    .map((a) => redactText(a))
    .map((a) => (/^[\w@%+=:,./*-]+$/.test(a) ? a : JSON.stringify(a)))
    .join(' ');
}
