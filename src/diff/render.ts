// Terminal rendering of a run comparison: fleet-wide first, then host by host.
import type { Delta, GroupChange, GroupChanges, HostDiff, RunDiff } from './types.js';

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function deltaText(d: Delta): string {
  if (d.before === null && d.after === null) return '-';
  if (d.before === null) return `- → ${d.after}`;
  if (d.after === null) return `${d.before} → -`;
  return `${d.before} → ${d.after} (${signed(d.delta!)})`;
}

function changeLine(c: GroupChange): string {
  const what = `${c.class} ${c.location} ${c.function}`;
  const short = c.id.slice(0, 8);
  switch (c.kind) {
    case 'new':
      return `  new     ${String(c.after).padStart(6)}          ${what} [${short}]`;
    case 'gone':
      return `  gone    ${String(-c.before).padStart(6)}          ${what} [${short}]`;
    default:
      return `  ${c.kind.padEnd(7)} ${signed(c.delta).padStart(6)} ×${c.ratio!.toFixed(2).padEnd(6)}  ${what} (${c.before} → ${c.after}) [${short}]`;
  }
}

function changesText(g: GroupChanges, limit: number, suffix: (c: GroupChange) => string = () => ''): string[] {
  const out: string[] = [];
  for (const kind of ['new', 'grown', 'shrunk', 'gone'] as const) {
    const list = g[kind];
    for (const c of list.slice(0, limit)) out.push(changeLine(c) + suffix(c));
    if (list.length > limit) out.push(`  … ${list.length - limit} more ${kind} (see --json)`);
  }
  return out;
}

function counts(g: GroupChanges): string {
  return `${g.new.length} new, ${g.grown.length} grown, ${g.shrunk.length} shrunk, ${g.gone.length} gone, ${g.unchanged} unchanged`;
}

function hostBlock(h: HostDiff, limit: number): string[] {
  if (h.presence === 'added') return [`${h.host}: added in B (${h.status.after}, ${h.goroutines.after ?? '-'} goroutines, ${h.verdict.after})`];
  if (h.presence === 'lost') return [`${h.host}: lost: only in A (${h.status.before}, ${h.goroutines.before ?? '-'} goroutines, ${h.verdict.before})`];
  if (!h.compared) return [`${h.host}: not compared: ${h.note}`];
  const verdict = h.verdict.before === h.verdict.after ? h.verdict.after : `${h.verdict.before} → ${h.verdict.after}`;
  const head = `${h.host}: goroutines ${deltaText(h.goroutines)}, threads ${deltaText(h.threads)}, ${verdict}; groups: ${counts(h.groups)}`;
  const sockets = Object.entries(h.sockets).filter(([, d]) => d.delta !== 0 && d.delta !== null).map(([s, d]) => `${s} ${signed(d.delta!)}`);
  return [head, ...(sockets.length > 0 ? [`  sockets: ${sockets.join(', ')}`] : []), ...changesText(h.groups, limit)];
}

/** Readable in a terminal; `--json` has everything (this shows the largest `limit` changes of each kind). */
export function renderDiff(d: RunDiff, limit = 5): string {
  const out: string[] = [];
  out.push(`A: ${d.a.id} (${d.a.startedAt}, ${d.a.status}, ${d.a.hosts} hosts) ${d.a.source}`);
  out.push(`B: ${d.b.id} (${d.b.startedAt}, ${d.b.status}, ${d.b.hosts} hosts) ${d.b.source}`);
  out.push('');
  out.push(`Fleet (${d.fleet.hosts.length} host(s) collected in both): goroutines ${deltaText(d.fleet.goroutines)}; groups: ${counts(d.fleet.groups)}`);
  out.push(...changesText(d.fleet.groups, limit, (c) => ` on ${c.hosts?.length ?? 0} host(s)`));
  if (d.hostsAdded.length > 0) out.push(`hosts added: ${d.hostsAdded.join(', ')}`);
  if (d.hostsLost.length > 0) out.push(`hosts lost: ${d.hostsLost.join(', ')}`);
  out.push('');
  for (const h of d.hosts) out.push(...hostBlock(h, limit));
  return `${out.join('\n')}\n`;
}
