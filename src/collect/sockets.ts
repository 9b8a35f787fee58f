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
