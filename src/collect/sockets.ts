// ss and netstat name TCP states differently; reports always use netstat's names.
const SS_TO_NETSTAT: Record<string, string> = {
  ESTAB: 'ESTABLISHED',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RECV',
  'FIN-WAIT-1': 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2',
  'TIME-WAIT': 'TIME_WAIT',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  'LAST-ACK': 'LAST_ACK',
  LISTEN: 'LISTEN',
  CLOSING: 'CLOSING',
  UNCONN: 'CLOSE',
  CLOSED: 'CLOSE',
  // netstat's own spellings pass through; a few variants seen in the wild:
  FIN_WAIT_1: 'FIN_WAIT1',
  FIN_WAIT_2: 'FIN_WAIT2',
  SYN_RECEIVED: 'SYN_RECV',
};

export function normalizeSocketState(state: string): string {
  const s = state.toUpperCase();
  return SS_TO_NETSTAT[s] ?? s.replace(/-/g, '_');
}

export function normalizeSocketStates(raw: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [state, n] of Object.entries(raw)) {
    const k = normalizeSocketState(state);
    out[k] = (out[k] ?? 0) + n;
  }
  return out;
}

/** A socket state name as report.json holds it (schema: `^[A-Z0-9_]+$`), of a sane length. */
const STATE_NAME = /^[A-Z][A-Z0-9_]{0,31}$/;

/**
 * `STATE=N` pairs as the node-side collector prints them, normalized to netstat's names. A pair
 * whose name is no state name (`WEIRD.STATE`) or whose count is no whole number (`1.5`, `-2`)
 * is dropped and returned as it was, for a warning.
 */
export function readSocketCounts(pairs: readonly string[]): { counts: Record<string, number>; dropped: string[] } {
  const raw: Record<string, number> = {};
  const dropped: string[] = [];
  for (const p of pairs) {
    const eq = p.lastIndexOf('=');
    const name = eq > 0 ? normalizeSocketState(p.slice(0, eq)) : '';
    const value = p.slice(eq + 1);
    if (!STATE_NAME.test(name) || !/^\d{1,15}$/.test(value)) {
      if (p !== '') dropped.push(p);
      continue;
    }
    raw[name] = (raw[name] ?? 0) + Number(value);
  }
  return { counts: normalizeSocketStates(raw), dropped };
}
