// How numbers read in evidence lines.

/** 1234 → "1,234". */
export function n(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** +150/min, +2.5/min, −0.3/min. */
export function perMinute(slope: number): string {
  const abs = Math.abs(slope);
  const text = abs >= 10 ? n(abs) : abs >= 1 ? abs.toFixed(1) : abs.toFixed(2);
  return `${slope < 0 ? '−' : '+'}${text}/min`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${n(count)} ${count === 1 ? one : many}`;
}

/** Bytes in words: "1.2 MB". */
export function bytes(v: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let x = v;
  let u = 0;
  while (x >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
  return `${u === 0 ? x : x.toFixed(x < 10 ? 1 : 0)} ${units[u]}`;
}

/** 10 s, 3 min, 2 h, 3 d: a span in the largest unit that keeps it a small number. */
export function duration(ms: number): string {
  const s = ms / 1000;
  if (s < 100) return `${Math.round(s)} s`;
  if (s < 100 * 60) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}
