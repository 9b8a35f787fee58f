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
