import type { GateReport } from './run-gate.js';

/** The human summary: outcome, why, and each measurement's hosts. */
export function renderGate(g: GateReport): string {
  const out: string[] = [];
  out.push(`gate ${g.id}: ${g.message}`);
  for (const r of g.reasons.slice(0, 20)) out.push(`  - ${r}`);
  if (g.reasons.length > 20) out.push(`  … ${g.reasons.length - 20} more (see --json)`);
  out.push('');
  for (const m of g.measurements) {
    out.push(`measurement ${m.index}: ${m.phase}, ${m.hostsMeasured}/${m.hostsTargeted} host(s) measured${m.runDir ? `, ${m.runDir}` : ''}`);
    for (const h of m.hosts) {
      const n = h.goroutines === null ? '-' : String(h.goroutines);
      out.push(`  ${h.host.padEnd(12)} ${h.phase.padEnd(12)} ${n.padStart(7)} goroutines  ${h.verdict}${h.reasons.length > 0 ? `  ${h.reasons[0]}` : ''}`);
    }
    if (m.phase === 'Error') out.push(`  error: ${m.reasons[0] ?? 'unknown'}`);
  }
  out.push('', `exit ${g.exitCode} (${g.phase})`);
  return `${out.join('\n')}\n`;
}
