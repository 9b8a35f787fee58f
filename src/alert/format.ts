// One message per channel per run, holding every alert that fires or clears in it.
import type { AlertContext, AlertEvent } from './types.js';

/** Messages stay well under DingTalk's (20 000 bytes) and Slack's limits. */
const MAX_ALERTS_IN_TEXT = 25;

export function headline(events: readonly AlertEvent[]): string {
  const firing = events.filter((e) => e.status === 'firing').length;
  const resolved = events.length - firing;
  const parts = [firing > 0 ? `${firing} firing` : '', resolved > 0 ? `${resolved} resolved` : ''].filter(Boolean);
  return `fleet-diag: ${parts.join(', ')}`;
}

function shown(events: readonly AlertEvent[]): { list: AlertEvent[]; more: number } {
  // Firing first, leaking before suspect.
  const rank = (e: AlertEvent) => (e.status === 'resolved' ? 3 : e.severity === 'leaking' ? 0 : e.severity === 'suspect' ? 1 : 2);
  const list = [...events].sort((a, b) => rank(a) - rank(b) || a.host.localeCompare(b.host, 'en', { numeric: true }));
  return { list: list.slice(0, MAX_ALERTS_IN_TEXT), more: Math.max(0, list.length - MAX_ALERTS_IN_TEXT) };
}

const tag = (e: AlertEvent) => (e.status === 'resolved' ? 'RESOLVED' : e.reason === 'reminder' ? 'STILL FIRING' : e.reason === 'changed' ? 'CHANGED' : 'FIRING');

/** DingTalk robot: `markdown` message. */
export function dingtalkMessage(events: readonly AlertEvent[], ctx: AlertContext): object {
  const { list, more } = shown(events);
  const lines: string[] = [`### ${headline(events)}`, ''];
  for (const e of list) {
    lines.push(`**${tag(e)}** ${e.title}`, '');
    for (const d of e.details.slice(0, 4)) lines.push(`- ${d}`);
    lines.push('');
  }
  if (more > 0) lines.push(`… and ${more} more`, '');
  lines.push(`> run ${ctx.runId} · ${ctx.inventory} · ${ctx.at}`, '', `> ${ctx.runDir}/report.json`);
  return { msgtype: 'markdown', markdown: { title: headline(events), text: lines.join('\n') } };
}

/** Slack incoming webhook: mrkdwn text (with a plain fallback in `text`). */
export function slackMessage(events: readonly AlertEvent[], ctx: AlertContext): object {
  const { list, more } = shown(events);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const lines: string[] = [`*${esc(headline(events))}*`];
  for (const e of list) {
    lines.push(`*${tag(e)}* ${esc(e.title)}`);
    for (const d of e.details.slice(0, 3)) lines.push(`• ${esc(d)}`);
  }
  if (more > 0) lines.push(`… and ${more} more`);
  lines.push(`_run ${esc(ctx.runId)} · ${esc(ctx.inventory)} · ${esc(ctx.runDir)}/report.json_`);
  return {
    text: headline(events),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 2900) } }],
  };
}

/** Generic JSON webhook: every event in full. */
export function webhookMessage(events: readonly AlertEvent[], ctx: AlertContext): object {
  return {
    source: 'fleet-diag',
    version: 1,
    status: events.some((e) => e.status === 'firing') ? 'firing' : 'resolved',
    summary: headline(events),
    run: ctx,
    alerts: events,
  };
}
