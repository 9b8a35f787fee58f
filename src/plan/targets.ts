import type { HostVars } from '../inventory/read.js';
import { hostNameProblem } from './host-names.js';

export const DEFAULT_PPROF_URL = 'http://127.0.0.1:6060';

/** What the node-side collector needs for one host, read from its inventory variables. */
export interface HostTarget {
  host: string;
  pprofUrl: string;
  process: string;
  /** Why this host cannot be collected at all (bad variable), or null. */
  configError: string | null;
  /** Delve may attach to its service when pprof does not answer (run --attach allows this host). */
  attach?: boolean;
}

/** A pprof base URL: http(s), a host, an optional port and path; nothing a shell could read as syntax. */
export function checkPprofUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `fleet_diag_pprof_url '${printable(url)}' is not a URL (expected e.g. ${DEFAULT_PPROF_URL})`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `fleet_diag_pprof_url must be http:// or https://, got '${printable(url)}'`;
  if (u.search || u.hash || u.username || u.password) return `fleet_diag_pprof_url must be a base URL without query, fragment or credentials`;
  if (!/^[A-Za-z0-9.:/_~%+=@[\]-]+$/.test(url)) return `fleet_diag_pprof_url '${printable(url)}' contains characters that are not allowed`;
  return null;
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?').slice(0, 120);
}

export function targetFor(host: string, vars: HostVars): HostTarget {
  const rawUrl = vars.fleet_diag_pprof_url;
  const rawProcess = vars.fleet_diag_process;
  const pprofUrl = rawUrl === undefined || rawUrl === null || rawUrl === '' ? DEFAULT_PPROF_URL : String(rawUrl);
  const process = rawProcess === undefined || rawProcess === null ? '' : String(rawProcess);
  let configError = hostNameProblem(host) ?? checkPprofUrl(pprofUrl);
  if (!configError && /[\n\r\0]/.test(process)) configError = 'fleet_diag_process must be a single-line pattern';
  return { host, pprofUrl: pprofUrl.replace(/\/+$/, ''), process, configError };
}
