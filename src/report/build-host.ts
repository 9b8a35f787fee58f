import type { CollectedHost } from '../collect/host-outcome.js';
import type { AnalysisOptions, Sample } from '../analysis/types.js';
import { analyzeHost, foldedWarning, type HostPast } from '../analysis/index.js';
import { rankLookHere } from '../analysis/suspects/index.js';
import { resolveOptions } from '../analysis/options.js';
import { parseDump } from '../profile/parse.js';
import { notGoroutines } from '../profile/sniff-input.js';
import type { Profile } from '../profile/types.js';
import { parseMemStats, type MemStats } from '../profile/memstats.js';
import { delveToTraceback } from '../profile/delve.js';
import { captureArtifacts, sampleArtifacts } from '../collect/store.js';
import type { HostReport, SampleReport } from './types.js';
import { noGoroutineSample } from './unusable-host.js';

/** Go's goroutineleak profile of a sample, when the service served one: its goroutines are proof. */
function leakProfile(data: Buffer | undefined, source: string | undefined, errors: string[], warnings: string[]): Profile | null {
  if (!data) return null;
  try {
    const p = parseDump(data, { source, merge: true, exactWaits: true });
    if (p.format !== 'goroutineleak') {
      errors.push('goroutineleak: the answer is not a goroutineleak profile');
      return null;
    }
    if (p.total === 0) return null; // served, and nothing leaked
    if (p.warnings.length > 0) warnings.push(`${source}: ${p.warnings.length} parse warnings (first: line ${p.warnings[0].line}: ${p.warnings[0].message})`);
    return p;
  } catch (err) {
    errors.push(`goroutineleak: ${(err as Error).message}`);
    return null;
  }
}

/** A host's samples read and parsed (readHostSamples), ready for the analysis (hostReportOf). Plain data: aggregate hands it between threads. */
export interface HostSamples {
  samples: SampleReport[];
  analyzable: Sample[];
  warnings: string[];
  /** Every sample has the node's time. */
  timed: boolean;
  captures?: Record<string, string>;
}

/**
 * One host's part of the report: names its raw artifacts (pipeline/ stores them), parses its profiles and analyzes the
 * samples in time order. debug=1 carries the counts of every sample; where the last sample also
 * has debug=2 stacks, those stand for it (same moment, plus states, wait minutes and creators),
 * else its binary profile (it keeps the runtime frames debug=1 hides, so the kind of wait shows).
 */
export function buildHostReport(
  outcome: CollectedHost,
  pprofUrl: string,
  opts: AnalysisOptions,
  past?: HostPast,
): HostReport {
  return hostReportOf(outcome, readHostSamples(outcome), pprofUrl, opts, past);
}

/** The parsing half of buildHostReport: each sample's profile (the first kind that parses), its errors and notes. */
export function readHostSamples(outcome: CollectedHost): HostSamples {
  const samples: SampleReport[] = [];
  const analyzable: Sample[] = [];
  const warnings = [...outcome.warnings];
  // Times are the node's clock. When one sample has none (the collector reader dropped an absurd
  // one), none is used: our clock mixed with the node's would make up a growth rate.
  const timed = (outcome.raw?.samples ?? []).every((s) => s.takenAt !== null);
  for (const s of outcome.raw?.samples ?? []) {
    const artifacts = sampleArtifacts(outcome.host, s);
    const errors = [...s.errors];
    let profile: Profile | null = null;
    if (s.attach) {
      const a = s.attach;
      warnings.push(`sample ${s.index + 1}: Delve attached to pid ${a.pid ?? '?'}: the service was paused for up to ${a.pauseMs} ms${a.alive ? '' : '; the process was NOT running afterwards'}`);
      if (!a.alive) errors.push(`the process (pid ${a.pid ?? '?'}) was not running after the Delve attach`);
    }
    for (const kind of ['debug2', 'pprof', 'debug1', 'delve'] as const) {
      const data = s.files[kind];
      if (!data) continue;
      try {
        // Delve's listing is rewritten into Go's debug=2 text: one parser reads both.
        const input = kind === 'delve' ? delveToTraceback(data.toString('utf8')) : data;
        profile = parseDump(input, { source: artifacts[kind], merge: true, exactWaits: true });
        const not = notGoroutines(profile, typeof input === 'string' ? Buffer.from(input) : data);
        if (not !== null) {
          // An HTML error page, another profile…: never 0 goroutines and a verdict; try the next kind.
          profile = null;
          errors.push(`${kind}: pprof answered with ${not}, not a goroutine profile`);
          continue;
        }
        if (profile.warnings.length > 0) warnings.push(`${artifacts[kind]}: ${profile.warnings.length} parse warnings (first: line ${profile.warnings[0].line}: ${profile.warnings[0].message})`);
        break;
      } catch (err) {
        errors.push(`${kind}: ${(err as Error).message}`);
      }
    }
    const memory: MemStats | null = s.files.memstats ? parseMemStats(s.files.memstats.toString('utf8')) : null;
    samples.push({
      index: s.index,
      takenAt: s.takenAt ? new Date(s.takenAt).toISOString() : null,
      goroutines: profile?.total ?? s.total,
      threads: s.threads,
      sockets: s.sockets,
      memory,
      artifacts,
      notes: s.notes,
      errors,
    });
    if (profile) analyzable.push({ takenAt: timed ? s.takenAt! : 0, profile, threads: s.threads, sockets: s.sockets, memory });
    const proof = leakProfile(s.files.goroutineleak, artifacts.goroutineleak, errors, warnings);
    if (proof) analyzable.push({ takenAt: timed ? s.takenAt! : 0, profile: proof });
  }
  const captures = outcome.raw && Object.keys(outcome.raw.captures).length > 0 ? captureArtifacts(outcome.host, outcome.raw) : undefined;
  return { samples, analyzable, warnings, timed, ...(captures ? { captures } : {}) };
}

/** The analysis half of buildHostReport: the samples read ─► verdict, groups, evidence (the raw output is no longer needed). */
export function hostReportOf(
  outcome: Omit<CollectedHost, 'raw' | 'warnings'>,
  read: HostSamples,
  pprofUrl: string,
  opts: AnalysisOptions,
  past?: HostPast,
): HostReport {
  const { samples, analyzable, warnings, timed } = read;
  const last = samples.at(-1);
  const analysis = analyzable.length > 0 ? analyzeHost(analyzable, opts, timed ? past : undefined) : null;
  if (analysis?.folded) warnings.push(foldedWarning(analysis.folded, analysis.groups.length));
  const unusable = noGoroutineSample(outcome.status, samples, analyzable.length);
  return {
    host: outcome.host,
    status: unusable ? 'failed' : outcome.status,
    error: unusable ?? outcome.error,
    attempts: outcome.attempts,
    pprofUrl,
    goroutines: analysis?.goroutines ?? last?.goroutines ?? null,
    threads: last?.threads ?? null,
    sockets: last?.sockets ?? null,
    memory: last?.memory ?? null,
    ...(read.captures ? { captures: read.captures } : {}),
    samples,
    verdict: analysis && outcome.status === 'ok' ? analysis.verdict : analysis?.verdict === 'leaking' ? 'leaking' : 'unknown',
    groups: analysis?.groups ?? [],
    ...(analysis?.folded ? { folded: analysis.folded } : {}),
    evidence: analysis?.evidence ?? [],
    warnings,
    ...(analysis ? { lookHere: rankLookHere(analysis.groups, { libraryPrefixes: resolveOptions(opts).libraryPrefixes }) } : {}),
  };
}
