// Our secrets live in FLEET_DIAG_* variables (webhook URLs and tokens, the DingTalk signing
// secret, tokens to come): no child process inherits them. ansible-playbook, ansible-inventory,
// their plugins, dynamic inventory scripts (which any tenant's cloud tags may feed) and the
// collector get the environment without them, plus only what we set for them on purpose (our
// callback plugin's FLEET_DIAG_EVENTS).

/** Variables of ours, never passed on unless set on purpose. */
const OURS = /^FLEET_DIAG_/;

/** The environment for a child process: ours without FLEET_DIAG_*, then `extra` on top. Use with execa's `extendEnv: false`. */
export function childEnv(extra: Record<string, string> = {}, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !OURS.test(k)) out[k] = v;
  return Object.assign(out, extra);
}
