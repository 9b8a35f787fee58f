// Which alerts a run raises or clears, given what was already sent: a pure function, so the
// cooldown rule (one alert per host and site until it changes, then a resolved message) is testable.
import type { Group } from '../analysis/types.js';
import { atOrAbove } from '../analysis/verdict.js';
import type { HostReport, Report } from '../report/types.js';
import type { AlertEvent, AlertMemo, AlertRules, AlertState } from './types.js';


interface Condition {
  key: string;
  fingerprint: string;
  event: Omit<AlertEvent, 'status' | 'reason' | 'since' | 'at'>;
}

export const alertKey = (host: string, site: string) => `${host}|${site}`;

function groupCondition(h: HostReport, g: Group): Condition {
  const growth = g.growthPerMinute > 0 ? `, +${Math.round(g.growthPerMinute * 10) / 10}/min` : '';
  return {
    key: alertKey(h.host, g.id),
    fingerprint: g.verdict,
    event: {
      host: h.host, site: g.id, kind: 'group', severity: g.verdict,
      title: `${h.host}: ${g.verdict} at ${g.location}`,
      details: [`${g.function} (${g.class}): ${g.count} goroutines${growth}`, ...g.evidence.slice(0, 3), ...(g.pattern ? [`cause: ${g.pattern.cause}`, `fix: ${g.pattern.fix}`] : [])],
      location: g.location, function: g.function, class: g.class, count: g.count, growthPerMinute: g.growthPerMinute, goroutines: h.goroutines,
    },
  };
}

/** Everything that should be firing on a collected host right now. */
export function conditions(h: HostReport, rules: AlertRules): Condition[] {
  const out: Condition[] = [];
  for (const g of h.groups) if (atOrAbove(g.verdict, rules.minVerdict)) out.push(groupCondition(h, g));
  if (out.length === 0 && atOrAbove(h.verdict, rules.minVerdict)) {
    out.push({
      key: alertKey(h.host, 'host'), fingerprint: h.verdict,
      event: {
        host: h.host, site: 'host', kind: 'host', severity: h.verdict, title: `${h.host}: ${h.verdict}`,
        details: [`${h.goroutines ?? '?'} goroutines, ${h.threads ?? '?'} threads`, ...h.evidence.slice(0, 3)],
        location: null, function: null, class: null, count: null, growthPerMinute: null, goroutines: h.goroutines,
      },
    });
  }
  const limits: [string, number | null, number | null][] = [['goroutines', h.goroutines, rules.maxGoroutines], ['threads', h.threads, rules.maxThreads]];
  for (const [name, value, max] of limits) {
    if (max === null || value === null || value <= max) continue;
    out.push({
      key: alertKey(h.host, name), fingerprint: 'over',
      event: {
        host: h.host, site: name, kind: 'threshold', severity: 'threshold', title: `${h.host}: ${value} ${name}, above ${max}`,
        details: [`${name} ${value} > ${max} (--max-${name})`],
        location: null, function: null, class: null, count: value, growthPerMinute: null, goroutines: h.goroutines,
      },
    });
  }
  return out;
}

function resolvedEvent(m: AlertMemo, at: string, why: string): AlertEvent {
  return {
    status: 'resolved', reason: 'cleared', host: m.host, site: m.site,
    kind: m.site === 'host' ? 'host' : m.site === 'goroutines' || m.site === 'threads' ? 'threshold' : 'group',
    severity: 'healthy', title: `${m.title}: resolved`, details: [why],
    location: null, function: null, class: null, count: null, growthPerMinute: null, goroutines: null, since: m.since, at,
  };
}

/**
 * A run against the alerts already sent ─► events to send and the state to keep once they are delivered.
 * Hosts not collected this time keep their alerts (nothing is known); hosts no longer targeted resolve.
 */
export function evaluateAlerts(state: AlertState, report: Report, rules: AlertRules, now: Date = new Date()): { events: AlertEvent[]; next: AlertState } {
  const at = now.toISOString();
  const next: AlertState = { version: 1, alerts: { ...state.alerts } };
  const events: AlertEvent[] = [];
  const byHost = new Map(report.hosts.map((h) => [h.host, h]));
  const seen = new Set<string>();
  for (const h of report.hosts) {
    if (h.status !== 'ok') continue;
    for (const c of conditions(h, rules)) {
      seen.add(c.key);
      const had = state.alerts[c.key];
      let reason: AlertEvent['reason'] | null = null;
      if (!had) reason = 'new';
      else if (had.fingerprint !== c.fingerprint) reason = 'changed';
      else if (rules.remindMs !== null && now.getTime() - Date.parse(had.lastSent) >= rules.remindMs) reason = 'reminder';
      if (!reason) continue;
      const since = had?.since ?? at;
      events.push({ ...c.event, status: 'firing', reason, since, at });
      next.alerts[c.key] = { host: c.event.host, site: c.event.site, fingerprint: c.fingerprint, title: c.event.title, since, lastSent: at };
    }
  }
  for (const [key, memo] of Object.entries(state.alerts)) {
    if (seen.has(key)) continue;
    const h = byHost.get(memo.host);
    if (h && h.status !== 'ok') continue;
    events.push(resolvedEvent(memo, at, h ? 'no longer seen' : 'host no longer targeted'));
    delete next.alerts[key];
  }
  return { events, next };
}

export function emptyState(): AlertState {
  return { version: 1, alerts: {} };
}
