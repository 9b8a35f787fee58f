// Does a count keep growing across samples, beyond what short-lived goroutines explain?
//
// The model. A site's count is the sum of two parts: goroutines that stay (pools, and leaks,
// which only ever add) and short-lived ones (requests in flight) that come and go. The number
// of short-lived goroutines present at a random instant is Poisson-distributed (an M/G/∞
// queue: arrivals at rate λ, any lifetime distribution), so its variance equals its mean, and
// the difference between two samples of a churning site of mean m has a standard deviation of
// about √(2m). Real traffic is often burstier than Poisson, so the noise is also measured on
// the series itself: the largest fall between consecutive samples (a leak never removes
// goroutines, so every fall is churn, and churn that can fall by X can rise by X too) and the
// spread of the counts around their least-squares line (1.4826·MAD of the residuals, robust to
// one odd sample, ×√2 for a difference). The noise σ is the largest of the three.
//
// Steady growth (strong evidence, ≥ 3 samples) needs all of:
//   - shape: the count rose in at least two intervals, and rose at least twice as often as it
//     fell (a random walk rises twice in a row one time in four, so shape alone is not enough);
//   - size: the net increase, last − first, is at least max(3, 10% of the first count, 3σ):
//     three goroutines is the least that means anything, 10% keeps a big stable pool's jitter
//     quiet, and 3σ makes a churn-only site reach it by chance about once in a thousand;
//   - a positive least-squares slope (reported per minute).
// Short windows on big piles: a site of 1,400 goroutines growing +40 in each of two 2-second
// intervals does not reach 3σ (σ ≈ √2800 ≈ 53), yet a leak is the likelier story when the rise
// is also *linear*: churn makes independent samples, whose second difference is as large as the
// first ones, while a leak adds at a steady rate. So a series that rose in every interval, by at
// least max(3, 5% of the first count, 1.25σ), and sits within 10% of the net rise of its
// least-squares line is 'consistent': weak evidence (a suspect, to be confirmed with more samples
// or a longer interval). Simulated on pure Poisson churn with 3 independent samples, about 2.5%
// of churning sites pass it; a 1,400-goroutine pile growing 40 a step passes 98% of the time.
// With only two samples there is no shape to look at: a jump between two samples is as likely
// a traffic burst as a leak. Growth there counts only as weak evidence (a suspect) and needs
// max(5, 25% of the first count, 4σ).
// Stayers. Goroutines known not to churn (ids seen in both full dumps, or blocked for longer than
// the window) are no part of the Poisson term: σ's floor is √(2·(mean − stayers)). A pile of
// 1,600 that has not turned over is not a churning site of 1,600, so +20 in 10 s on top of it is
// measured against the noise of what does move (the falls and residuals still count in full).
export interface Growth {
  samples: number;
  first: number;
  last: number;
  net: number;
  slopePerMinute: number;
  rises: number;
  falls: number;
  maxFall: number;
  /** Standard deviation of a sample-to-sample difference explained by churn. */
  noise: number;
  /** Net increase the series had to reach. */
  threshold: number;
  /** 'steady': strong evidence; 'consistent': steady but small for the window (weak);
   *  'possible': two samples only (weak); 'none'. */
  kind: 'steady' | 'consistent' | 'possible' | 'none';
}

/** Least-squares slope of values over time, per minute; 0 when the times do not spread. */
export function slopePerMinute(values: number[], timesMs: number[]): number {
  return slope(values, timesMs.map((t) => (t - timesMs[0]) / 60_000));
}

/** Sample times in minutes when they `spread`, else the sample indices (the times are unknown). */
function abscissa(timesMs: number[], spread: boolean): number[] {
  return spread ? timesMs.map((t) => (t - timesMs[0]) / 60_000) : timesMs.map((_, i) => i);
}

function slope(values: number[], xs: number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const mx = mean(xs);
  const my = mean(values);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (values[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : 0;
}

export function assessGrowth(values: number[], timesMs: number[], stayers = 0): Growth {
  const n = values.length;
  if (n > 0 && values.every((v) => v === values[0])) return flat(values[0], n, stayers);
  const first = values[0] ?? 0;
  const last = values[n - 1] ?? 0;
  const spread = timesMs.some((t) => t !== timesMs[0]);
  const xs = abscissa(timesMs, spread);
  const trend = slope(values, xs);
  // the line is fitted once: the residuals below and the slope per minute (the same xs when the
  // times spread) use this very fit
  const fit = { b: trend, a: mean(values) - trend * mean(xs) };
  let rises = 0;
  let falls = 0;
  let maxFall = 0;
  for (let i = 1; i < n; i++) {
    const d = values[i] - values[i - 1];
    if (d > 0) rises++;
    if (d < 0) {
      falls++;
      maxFall = Math.max(maxFall, -d);
    }
  }
  const noise = Math.max(Math.sqrt(2 * Math.max(0, mean(values) - Math.max(0, stayers))), maxFall, residualSpread(values, xs, fit) * Math.SQRT2);
  const net = last - first;
  // slopePerMinute's own xs are these minutes when the times spread; when they do not, it is 0
  const perMinute = spread ? trend : 0;
  const base: Omit<Growth, 'threshold' | 'kind'> = { samples: n, first, last, net, slopePerMinute: perMinute, rises, falls, maxFall, noise };
  if (n >= 3) {
    const threshold = Math.max(3, 0.1 * first, 3 * noise);
    const steady = rises >= 2 && 2 * falls <= rises && net >= threshold && trend > 0;
    if (steady) return { ...base, threshold, kind: 'steady' };
    const linear = maxResidual(values, xs, fit) <= 0.1 * net;
    const consistent = rises === n - 1 && net >= Math.max(3, 0.05 * first, 1.25 * noise) && linear;
    return { ...base, threshold, kind: consistent ? 'consistent' : 'none' };
  }
  if (n === 2) {
    const threshold = Math.max(5, 0.25 * first, 4 * noise);
    return { ...base, threshold, kind: net >= threshold ? 'possible' : 'none' };
  }
  return { ...base, threshold: Infinity, kind: 'none' };
}

/** A count that never moved (most sites): what the general path gives it, without its arithmetic
 *  (no slope, rises, falls or residuals; the noise is the Poisson term alone). */
function flat(v: number, n: number, stayers: number): Growth {
  const noise = Math.sqrt(2 * Math.max(0, v - Math.max(0, stayers)));
  const threshold = n >= 3 ? Math.max(3, 0.1 * v, 3 * noise) : n === 2 ? Math.max(5, 0.25 * v, 4 * noise) : Infinity;
  return { samples: n, first: v, last: v, net: 0, slopePerMinute: 0, rises: 0, falls: 0, maxFall: 0, noise, threshold, kind: 'none' };
}

/** Went up overall and mostly upward, without the size test: "growing together with" checks. */
export function rising(values: number[]): boolean {
  if (values.length < 2) return false;
  let rises = 0;
  let falls = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i] > values[i - 1]) rises++;
    else if (values[i] < values[i - 1]) falls++;
  }
  return values[values.length - 1] > values[0] && rises > falls;
}

function mean(xs: number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Largest distance of a count from the least-squares line. */
function maxResidual(values: number[], xs: number[], { a, b }: { a: number; b: number }): number {
  return Math.max(...values.map((v, i) => Math.abs(v - (a + b * xs[i]))));
}

/** 1.4826·MAD of the residuals around the least-squares line: a robust standard deviation. */
function residualSpread(values: number[], xs: number[], { a, b }: { a: number; b: number }): number {
  if (values.length < 3) return 0;
  const res = values.map((v, i) => v - (a + b * xs[i]));
  const med = median(res);
  return 1.4826 * median(res.map((r) => Math.abs(r - med)));
}
