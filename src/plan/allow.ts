import { UserError } from '../core/exit-codes.js';

/** Shell-style glob (`*`, `?`) to an anchored RegExp; everything else is literal. */
function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** The hosts matching any of comma-separated globs. */
export function matchingHosts(hosts: readonly string[], patterns: string): Set<string> {
  const res = patterns.split(',').map((p) => p.trim()).filter(Boolean).map(globToRegExp);
  return new Set(hosts.filter((h) => res.some((p) => p.test(h))));
}

/**
 * An optional allow-list of host patterns a run may touch (`--allow 'web-*,db-0?'`). A run that
 * would reach any other host is refused before anything connects.
 */
export function enforceAllowList(hosts: string[], allow: string | undefined): void {
  if (!allow) return;
  const inside = matchingHosts(hosts, allow);
  const outside = hosts.filter((h) => !inside.has(h));
  if (outside.length > 0) {
    throw new UserError(`--allow: ${outside.length} host(s) outside the allow-list, refusing to run: ${outside.slice(0, 5).join(', ')}${outside.length > 5 ? ', …' : ''}`);
  }
}
