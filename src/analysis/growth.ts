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
  return slope(Float64Array.from(values), minutes(timesMs));
}

// The arithmetic runs on Float64Arrays: counts arrive as small-integer arrays, times as double
// arrays, and plain-array helpers shared by both were recompiled by V8 each time it met the other
// kind (a 1,000-host aggregate recompiled assessGrowth four times, ~50 ms of compiling each).

/** Sample times in minutes since the first. */
function minutes(timesMs: number[]): Float64Array {
  const xs = new Float64Array(timesMs.length);
  for (let i = 0; i < xs.length; i++) xs[i] = (timesMs[i] - timesMs[0]) / 60_000;
  return xs;
}

/** Sample times in minutes when they `spread`, else the sample indices (the times are unknown). */
function abscissa(timesMs: number[], spread: boolean): Float64Array {
  if (spread) return minutes(timesMs);
  const xs = new Float64Array(timesMs.length);
  for (let i = 0; i < xs.length; i++) xs[i] = i;
  return xs;
}

function slope(values: Float64Array, xs: Float64Array): number {
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

export function assessGrowth(counts: number[], timesMs: number[], stayers = 0): Growth {
  const n = counts.length;
  if (n > 0 && allEqual(counts)) return flat(counts[0], n, stayers);
  const values = Float64Array.from(counts);
  const first = n > 0 ? values[0] : 0;
  const last = n > 0 ? values[n - 1] : 0;
  const spread = !allEqual(timesMs);
  const xs = abscissa(timesMs, spread);
  const trend = slope(values, xs);
  // the line is fitted once: the residuals below and the slope per minute (the same xs when the
  // times spread) use this very fit
  const b = trend;
  const a = mean(values) - trend * mean(xs);
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
  const noise = Math.max(Math.sqrt(2 * Math.max(0, mean(values) - Math.max(0, stayers))), maxFall, residualSpread(values, xs, a, b) * Math.SQRT2);
  const net = last - first;
  // slopePerMinute's own xs are these minutes when the times spread; when they do not, it is 0
  const perMinute = spread ? trend : 0;
  let threshold: number;
  let kind: Growth['kind'];
  if (n >= 3) {
    threshold = Math.max(3, 0.1 * first, 3 * noise);
    const steady = rises >= 2 && 2 * falls <= rises && net >= threshold && trend > 0;
    const consistent = !steady && rises === n - 1 && net >= Math.max(3, 0.05 * first, 1.25 * noise) && maxResidual(values, xs, a, b) <= 0.1 * net;
    kind = steady ? 'steady' : consistent ? 'consistent' : 'none';
  } else if (n === 2) {
    threshold = Math.max(5, 0.25 * first, 4 * noise);
    kind = net >= threshold ? 'possible' : 'none';
  } else {
    threshold = Infinity;
    kind = 'none';
  }
  return { samples: n, first, last, net, slopePerMinute: perMinute, rises, falls, maxFall, noise, threshold, kind };
}

function allEqual(xs: number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i] !== xs[0]) return false;
  return true;
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

function mean(xs: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  return xs.length === 0 ? 0 : sum / xs.length;
}

/** Median of numbers it may reorder. */
function medianInPlace(xs: Float64Array): number {
  xs.sort();
  const m = xs.length >> 1;
  return xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
}

/** Largest distance of a count from the least-squares line a + b·x. */
function maxResidual(values: Float64Array, xs: Float64Array, a: number, b: number): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i] - (a + b * xs[i])));
  return max;
}

/** 1.4826·MAD of the residuals around the least-squares line a + b·x: a robust standard deviation. */
function residualSpread(values: Float64Array, xs: Float64Array, a: number, b: number): number {
  if (values.length < 3) return 0;
  const res = new Float64Array(values.length);
  for (let i = 0; i < res.length; i++) res[i] = values[i] - (a + b * xs[i]);
  const med = medianInPlace(res.slice());
  for (let i = 0; i < res.length; i++) res[i] = Math.abs(res[i] - med);
  return 1.4826 * medianInPlace(res);
}
