// The gate's decision, as a pure function: observations in, outcome out. Argo Rollouts' rules:
// a measurement fails, is inconclusive or errs; the analysis is Failed once failed measurements
// exceed failureLimit, Inconclusive once inconclusive ones exceed inconclusiveLimit, Error once
// errors in a row exceed consecutiveErrorLimit, and Successful after `count` measurements.
// One rule of our own: `count` measurements with none Successful are never Successful.
import type { GateCriteria, GateOutcome, HostObservation, HostResult, MeasurementResult, Observation, Phase, Tally } from './types.js';

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

function site(s: { count: number; location: string; function: string; class: string; growthPerMinute: number }): string {
  const g = s.growthPerMinute > 0 ? `, +${Math.round(s.growthPerMinute * 10) / 10}/min` : '';
  return `${s.count} goroutines at ${s.location} (${s.function}, ${s.class}${g})`;
}

/** The host's goroutines at its first earlier measurement that read it. */
function firstReading(host: string, earlier: readonly Observation[]): { index: number; goroutines: number } | null {
  for (const o of earlier) {
    const h = o.hosts.find((x) => x.host === host);
    if (h && h.status === 'ok' && h.goroutines !== null) return { index: o.index, goroutines: h.goroutines };
  }
  return null;
}

export function judgeHost(h: HostObservation, earlier: readonly Observation[], c: GateCriteria): HostResult {
  const base = { host: h.host, goroutines: h.goroutines, threads: h.threads, verdict: h.verdict };
  if (h.status !== 'ok') return { ...base, phase: 'Inconclusive', reasons: [`not measured: ${h.status}${h.error ? `: ${h.error}` : ''}`] };
  const reasons: string[] = [];
  if (h.verdict === 'leaking') {
    if (h.leaking.length === 0) reasons.push('leaking');
    for (const s of h.leaking.slice(0, 3)) reasons.push(`leaking: ${site(s)}`);
    if (h.leaking.length > 3) reasons.push(`leaking: ${h.leaking.length - 3} more leaking site(s)`);
  }
  if (c.maxGoroutines !== null && h.goroutines !== null && h.goroutines > c.maxGoroutines) {
    reasons.push(`${h.goroutines} goroutines, above --max-goroutines ${c.maxGoroutines}`);
  }
  if (c.maxGcPauseP99Ms !== null && h.gcPauseP99Ms != null && h.gcPauseP99Ms > c.maxGcPauseP99Ms) {
    reasons.push(`GC pause p99 ${h.gcPauseP99Ms} ms, above --max-gc-pause-p99 ${c.maxGcPauseP99Ms} ms`);
  }
  if (c.maxGrowth !== null && h.goroutines !== null) {
    const first = firstReading(h.host, earlier);
    if (first) {
      const d = h.goroutines - first.goroutines;
      const share = first.goroutines > 0 ? d / first.goroutines : Infinity;
      if (d >= c.minDelta && share > c.maxGrowth) {
        reasons.push(`goroutines grew ${first.goroutines} → ${h.goroutines} (+${d}, ${Number.isFinite(share) ? `+${pct(share)}` : 'from 0'}) since measurement ${first.index}, above --max-growth ${pct(c.maxGrowth)}`);
      }
    }
  }
  for (const g of h.baseline ?? []) {
    const share = g.before > 0 ? g.delta / g.before : Infinity;
    if (g.delta >= c.minDelta && share > c.baselineMaxGrowth) {
      const from = h.baselineFrom === 'fleet-mean' ? 'the baseline fleet’s per-host mean' : 'the baseline';
      reasons.push(g.before === 0
        ? `new versus ${from}: ${g.after} goroutines at ${g.location} (${g.function}, ${g.class})`
        : `grew versus ${from}: ${g.before} → ${g.after} (+${g.delta}, +${pct(share)}) at ${g.location} (${g.function}, ${g.class})`);
    }
  }
  return { ...base, phase: reasons.length > 0 ? 'Failed' : 'Successful', reasons };
}

/** One measurement's phase: Error if it could not be taken; Failed if any host failed; Inconclusive if too few hosts were measured. */
export function judgeMeasurement(o: Observation, earlier: readonly Observation[], c: GateCriteria): MeasurementResult {
  const common = { index: o.index, startedAt: o.startedAt, finishedAt: o.finishedAt, runId: o.runId, runDir: o.runDir };
  if (o.error !== null) {
    return { ...common, phase: 'Error', hostsTargeted: o.hosts.length, hostsMeasured: 0, reasons: [o.error], hosts: [] };
  }
  const hosts = o.hosts.map((h) => judgeHost(h, earlier, c));
  const measured = hosts.filter((h) => h.phase !== 'Inconclusive').length;
  const failed = hosts.filter((h) => h.phase === 'Failed');
  const reasons = failed.flatMap((h) => h.reasons.map((r) => `${h.host}: ${r}`));
  let phase: Phase = failed.length > 0 ? 'Failed' : 'Successful';
  const share = hosts.length > 0 ? measured / hosts.length : 0;
  if (share < c.minMeasured || hosts.length === 0) {
    reasons.push(hosts.length === 0
      ? 'no hosts to measure'
      : `measured ${measured}/${hosts.length} hosts (${pct(share)}), below --min-measured ${pct(c.minMeasured)}`);
    for (const h of hosts.filter((x) => x.phase === 'Inconclusive')) reasons.push(`${h.host}: ${h.reasons[0]}`);
    // A leak seen is a leak: Failed stands even when too few hosts were measured.
    if (phase !== 'Failed') phase = 'Inconclusive';
  }
  return { ...common, phase, hostsTargeted: hosts.length, hostsMeasured: measured, reasons, hosts };
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Observations so far ─► outcome. `Running` (not terminal) while more measurements are due. */
export function decide(observations: readonly Observation[], c: GateCriteria): GateOutcome {
  const tally: Tally = { successful: 0, failed: 0, inconclusive: 0, error: 0, consecutiveErrors: 0 };
  const measurements: MeasurementResult[] = [];
  const done = (phase: GateOutcome['phase'], message: string, reasons: string[], terminal = true): GateOutcome => ({
    phase, terminal, message, reasons: dedupe(reasons), tally, measurements,
  });
  const reasonsOf = (p: Phase) => measurements.filter((m) => m.phase === p).flatMap((m) => m.reasons.map((r) => `measurement ${m.index}: ${r}`));

  for (let i = 0; i < observations.length && i < c.count; i++) {
    const m = judgeMeasurement(observations[i], observations.slice(0, i), c);
    measurements.push(m);
    if (m.phase === 'Error') {
      tally.error++;
      tally.consecutiveErrors++;
    } else {
      tally.consecutiveErrors = 0;
      if (m.phase === 'Successful') tally.successful++;
      else if (m.phase === 'Failed') tally.failed++;
      else tally.inconclusive++;
    }
    if (tally.failed > c.failureLimit) {
      return done('Failed', `Failed: ${tally.failed} failed measurement(s), failure limit ${c.failureLimit}`, reasonsOf('Failed'));
    }
    if (tally.inconclusive > c.inconclusiveLimit) {
      return done('Inconclusive', `Inconclusive: ${tally.inconclusive} inconclusive measurement(s), inconclusive limit ${c.inconclusiveLimit}`, reasonsOf('Inconclusive'));
    }
    if (tally.consecutiveErrors > c.consecutiveErrorLimit) {
      return done('Error', `Error: ${tally.consecutiveErrors} measurement errors in a row, consecutive error limit ${c.consecutiveErrorLimit}`, reasonsOf('Error'));
    }
  }
  if (measurements.length < c.count) {
    return done('Running', `Running: ${measurements.length}/${c.count} measurement(s) taken`, [], false);
  }
  if (tally.successful === 0) {
    return tally.error > 0
      ? done('Error', `Error: no measurement succeeded (${tally.error} error(s))`, [...reasonsOf('Error'), ...reasonsOf('Inconclusive'), ...reasonsOf('Failed')])
      : done('Inconclusive', 'Inconclusive: no measurement succeeded', [...reasonsOf('Inconclusive'), ...reasonsOf('Failed')]);
  }
  const notes = [...reasonsOf('Failed'), ...reasonsOf('Inconclusive'), ...reasonsOf('Error')];
  const hosts = Math.max(...measurements.map((m) => m.hostsMeasured));
  return done('Successful', `Successful: ${tally.successful}/${c.count} measurement(s) passed on ${hosts} host(s)${notes.length > 0 ? ', within the limits' : ''}`, notes);
}

/** A gate stopped before it could decide (interrupted): Inconclusive, so a rollout pauses for a person. */
export function abandon(outcome: GateOutcome, why: string): GateOutcome {
  if (outcome.terminal) return outcome;
  return { ...outcome, phase: 'Inconclusive', terminal: true, message: `Inconclusive: ${why} after ${outcome.measurements.length} measurement(s)`, reasons: [why, ...outcome.reasons] };
}
