// Secrets never reach output, logs, files or the audit. Webhook URLs carry them in every part: a
// token as the URL's user (`https://TOKEN@host`), in the query (DingTalk's access_token, any
// `client_secret=` or `accessToken=`), in the path (Slack, Discord, Feishu, Zapier, Mattermost
// hooks). So redaction goes by structure, not by a list of names: the userinfo, every query value
// (but pprof's own harmless ones) and the path of a webhook past its host are masked; in free text
// (an error body that echoes the request) query pairs, `name=value` pairs whose name says secret,
// bearer tokens, and the known secrets of our own channels are masked wherever they appear.

const MASK = '***';

/** Query parameters whose values are never secret and help to read a message (pprof's own). */
const PLAIN_PARAMS = new Set(['debug', 'seconds', 'gc']);

/** Hosts whose URL path is itself the secret, and how many leading path segments are safe to show. */
const SECRET_PATHS: { host: RegExp; keep: number }[] = [
  { host: /(^|\.)hooks\.slack\.com$/i, keep: 1 }, // /services/***
  { host: /(^|\.)discord(app)?\.com$/i, keep: 3 }, // /api/webhooks/<id>/***
  { host: /(^|\.)office\.com$|(^|\.)webhook\.office\.com$/i, keep: 1 },
  { host: /(^|\.)(feishu\.cn|larksuite\.com|larkoffice\.com)$/i, keep: 0 }, // /open-apis/bot/v2/hook/<token>
  { host: /(^|\.)zapier\.com$/i, keep: 0 }, // /hooks/catch/<account>/<hook>/
];

/** A path segment after which the rest of a path is a hook's secret (Mattermost, Gitea, most self-hosted hooks). */
const HOOK_SEGMENT = /^(hooks?|webhooks?)$/i;

/** Names that say their value is a secret, in `name=value` pairs and JSON keys of free text. */
const SECRET_NAME = String.raw`[\w.-]*(?:token|secret|passw(?:or)?d|api[_-]?key|credential|signature)[\w.-]*`;

export interface RedactOptions {
  /** The URL is a webhook: its whole path is secret (a generic hook keeps it there). */
  webhook?: boolean;
}

/** A URL with its secrets masked: userinfo, every query value, the fragment, a hook's path. */
export function redactUrl(raw: string, opts: RedactOptions = {}): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return opts.webhook ? raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)(?:[^/?#\s@]*@)?([^/?#\s]*)[\s\S]*$/i, `$1$2/${MASK}`) : redactFreeText(raw);
  }
  if (u.username || u.password) {
    u.username = MASK;
    u.password = '';
  }
  for (const [k, v] of [...u.searchParams]) if (v !== '' && !PLAIN_PARAMS.has(k.toLowerCase())) u.searchParams.set(k, MASK);
  if (u.hash.length > 1) u.hash = MASK;
  const parts = u.pathname.split('/').filter(Boolean);
  const host = u.hostname.replace(/\.+$/, ''); // `hooks.slack.com.` is the same host
  const rule = SECRET_PATHS.find((r) => r.host.test(host));
  const hook = parts.findIndex((p) => HOOK_SEGMENT.test(p));
  const keep = opts.webhook ? 0 : rule ? rule.keep : hook >= 0 ? hook + 1 : parts.length;
  if (parts.length > keep) u.pathname = `/${[...parts.slice(0, keep), MASK].join('/')}`;
  // URL encodes '*' here and there (%2A); keep the mask readable.
  return u.toString().replace(/%2A%2A%2A/g, MASK);
}

/** Secret-looking parts of free text that is not (or not only) a URL. */
function redactFreeText(text: string): string {
  return text
    // userinfo of anything with a scheme: `https://TOKEN@host`, `https://user:pw@host`
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi, `$1${MASK}@`)
    // every query value, also where the URL itself was cut off (after a quote) or is only echoed (`POST /hook?token=…`)
    .replace(/([?&])([^\s=&?#"'<>]+)=("?)([^\s&#"'<>\\]+)/g, (m, sep: string, name: string, q: string, value: string) =>
      PLAIN_PARAMS.has(name.toLowerCase()) || value === MASK ? m : `${sep}${name}=${q}${MASK}`)
    // name=value and "name": "value" whose name says secret (client_secret=…, "accessToken": "…")
    .replace(new RegExp(String.raw`\b(${SECRET_NAME})=(["']?)([^\s&#"'<>,;\\]+)`, 'gi'), (m, name: string, q: string, value: string) => (value === MASK ? m : `${name}=${q}${MASK}`))
    .replace(new RegExp(String.raw`("${SECRET_NAME}"\s*:\s*")((?:[^"\\]|\\.)+)"`, 'gi'), `$1${MASK}"`)
    // Authorization: Bearer …
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g, `$1 ${MASK}`);
}

/** The pieces of a channel's URL that are secret on their own: userinfo, query values, hook path segments. */
export function urlSecrets(raw: string): string[] {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return [];
  }
  const decoded = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const out = [u.username, decoded(u.username), u.password, decoded(u.password), ...u.searchParams.values()];
  // Path segments that look like keys (long, or with digits), not words such as `hooks` or `open-apis`.
  for (const p of u.pathname.split('/')) if (p.length >= 6 && (/\d/.test(p) || p.length >= 16)) out.push(p, decoded(p));
  return out.filter((s) => s.length >= 4);
}

/** Redacts every URL in a text, the secret-looking rest of it, and any known secret value. */
export function redactText(text: string, secrets: readonly (string | undefined | null)[] = []): string {
  let out = text;
  // Longest first, so a secret that contains another is masked whole.
  for (const s of [...secrets].filter((x): x is string => !!x && x.length >= 4).sort((a, b) => b.length - a.length)) out = out.split(s).join(MASK);
  out = out.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi, (m) => redactUrl(m));
  return redactFreeText(out);
}

/** The command line as it is recorded in the audit log: shell-quoted, URLs redacted. */
export function redactedCommandLine(argv: readonly string[]): string {
  return argv
    .map((a) => redactText(a))
    .map((a) => (/^[\w@%+=:,./*-]+$/.test(a) ? a : JSON.stringify(a)))
    .join(' ');
}
