// Scales and ticks for the report's charts: numbers to pixels, and where the axis labels go.
// Pure arithmetic, no DOM: every chart is a string built from these.

/** Maps [d0, d1] onto [r0, r1]; a domain of one value maps to the middle of the range. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (!(d1 > d0)) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** The 1-2-5 step that cuts `span` into about `count` parts. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

/**
 * A count axis with its ticks: from 0 up to a round number at or above `max`, unless every value
 * sits in the upper half (2,000 → 2,140), where starting at 0 would flatten the very rise the
 * chart is for: then from a round number at or below `min` (small counts, below 20, always start at 0). Counts are whole: steps are at least 1.
 */
export function countAxis(min: number, max: number, count = 4): { bottom: number; top: number; ticks: number[] } {
  const hi = Math.max(1, max);
  const fromZero = !(min > 0 && min > hi / 2 && hi >= 20);
  const step = Math.max(1, niceStep(fromZero ? hi : Math.max(1, hi - min), count));
  const bottom = fromZero ? 0 : Math.floor(min / step) * step;
  const top = Math.max(bottom + step, Math.ceil(hi / step) * step);
  const ticks: number[] = [];
  for (let v = bottom; v <= top + step / 2; v += step) ticks.push(Math.round(v));
  return { bottom, top, ticks };
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY,
];

/** The smallest round time step that cuts `spanMs` into at most `count` parts. */
export function timeStep(spanMs: number, count: number): number {
  return TIME_STEPS.find((s) => spanMs / s <= count) ?? Math.ceil(spanMs / count / DAY) * DAY;
}

export interface Tick {
  at: number;
  label: string;
}

const pad2 = (v: number) => String(v).padStart(2, '0');

/** "45 s", "2 min", "1 min 30 s", "3 h", "2 d". */
export function relativeLabel(ms: number): string {
  const s = Math.round(ms / SECOND);
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86400) return s % 3600 === 0 ? `${s / 3600} h` : `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
  return s % 86400 === 0 ? `${s / 86400} d` : `${Math.floor(s / 86400)} d ${Math.round((s % 86400) / 3600)} h`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A UTC clock or date label fitting the step: "14:05:30", "14:05", "Dec 1 14:00", "Dec 1". */
export function absoluteLabel(at: number, step: number, spanMs: number): string {
  const d = new Date(at);
  const date = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  const hm = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  if (step >= DAY) return date;
  if (step < MINUTE) return `${hm}:${pad2(d.getUTCSeconds())}`;
  return spanMs > DAY || step >= 6 * HOUR ? `${date} ${hm}` : hm;
}

/**
 * Ticks on a time axis from t0 to t1 (ms). `relative`: labels count from `origin` ("0 s",
 * "30 s"); `absolute`: UTC clock times or dates, on round steps.
 */
export function timeTicks(t0: number, t1: number, mode: 'relative' | 'absolute', count = 5, origin = t0): Tick[] {
  const span = t1 - t0;
  if (!(span > 0)) return [{ at: t0, label: mode === 'relative' ? relativeLabel(t0 - origin) : absoluteLabel(t0, SECOND, 0) }];
  const step = timeStep(span, count);
  const base = mode === 'relative' ? origin : 0;
  const first = base + Math.ceil((t0 - base) / step) * step;
  const ticks: Tick[] = [];
  for (let at = first; at <= t1 + 1e-6; at += step) {
    ticks.push({ at, label: mode === 'relative' ? relativeLabel(at - origin) : absoluteLabel(at, step, span) });
  }
  return ticks;
}
