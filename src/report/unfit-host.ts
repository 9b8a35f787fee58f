// The last line of defence for one host's odd data. The collector reader drops what it knows to
// be absurd (collect/protocol.ts); should anything else from a node still not fit report.json's
// schema (a count past what JSON holds, a rate that is not a number), that host's analysis is
// dropped and the host is failed with the reason, and the report of the fleet is still written.
import type { HostReport, SampleReport } from './types.js';

/** Indices of the hosts named by schema problems (`/hosts/3/sockets …`). */
export function hostsIn(problems: readonly string[]): Map<number, string[]> {
  const byHost = new Map<number, string[]>();
  for (const p of problems) {
    const m = /^\/hosts\/(\d+)(\/\S*)? (.*)$/.exec(p);
    if (!m) continue;
    const i = Number(m[1]);
    byHost.set(i, [...(byHost.get(i) ?? []), `${m[2] ?? '/'} ${m[3]}`]);
  }
  return byHost;
}

const count = (n: unknown): number | null => (Number.isSafeInteger(n) && (n as number) >= 0 ? (n as number) : null);
const strings = (a: unknown): string[] => (Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : []);

function sockets(s: unknown): Record<string, number> | null {
  if (!s || typeof s !== 'object') return null;
  const ok = Object.entries(s).every(([k, v]) => /^[A-Z0-9_]+$/.test(k) && count(v) !== null);
  return ok ? (s as Record<string, number>) : null;
}

function sample(s: SampleReport): SampleReport {
  return {
    index: count(s.index) ?? 0,
    takenAt: typeof s.takenAt === 'string' ? s.takenAt : null,
    goroutines: count(s.goroutines),
    threads: count(s.threads),
    sockets: sockets(s.sockets),
    artifacts: Object.fromEntries(Object.entries(s.artifacts ?? {}).filter(([, v]) => typeof v === 'string')),
    notes: strings(s.notes),
    errors: strings(s.errors),
  };
}

/** The host without its analysis: failed, saying why, with only the values that fit. */
export function withoutUnfitData(h: HostReport, problems: readonly string[]): HostReport {
  const what = `${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` and ${problems.length - 3} more` : ''}`;
  return {
    host: String(h.host),
    status: 'failed',
    error: `its data did not fit the report (${what}): its analysis was dropped`,
    attempts: count(h.attempts) ?? 0,
    pprofUrl: String(h.pprofUrl ?? ''),
    goroutines: count(h.goroutines),
    threads: count(h.threads),
    sockets: sockets(h.sockets),
    samples: (h.samples ?? []).map(sample),
    verdict: 'unknown',
    groups: [],
    evidence: [],
    warnings: [...strings(h.warnings), `report data of this host did not match the schema and was dropped: ${what}`],
  };
}
