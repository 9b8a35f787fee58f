// One scenario run through what `run` does with a host's samples: the collector's dumps as text
// (debug=1 every sample; debug=2 where the collector takes it), parsed as build-host.ts parses
// them, analyzed with or without earlier runs. Three ways of collecting and judging:
//   last-dump: debug=2 at the last sample only, no history (the collector before issue 11);
//   survivors: debug=2 at the first and the last sample (today's collector), no history;
//   history:   survivors, plus three earlier runs a minute apart under the same runs root.
import { analyzeHost, type HostAnalysis, type HostPast, type Sample, type SitePast } from '../../src/analysis/index.js';
import { parseDump } from '../../src/profile/parse.js';
import { debug1, debug2, type Service } from './simulate.js';

export type Mode = 'last-dump' | 'survivors' | 'history';
export const MODES: Mode[] = ['last-dump', 'survivors', 'history'];

const T0 = Date.parse('2026-01-01T00:00:00Z');
const SAMPLE_AT = [0, 5, 10];
const EARLIER_RUNS = [-180, -120, -60];

function samplesOf(svc: Service, start: number, firstFull: boolean): Sample[] {
  return SAMPLE_AT.map((dt, i) => {
    const t = start + dt;
    const full = i === SAMPLE_AT.length - 1 || (firstFull && i === 0);
    const text = full ? debug2(svc, t) : debug1(svc, t);
    return { takenAt: T0 + t * 1000, profile: parseDump(Buffer.from(text), { merge: true, exactWaits: true }) };
  });
}

/** What earlier runs' report.json files would give: each group's counts at its sample times. */
function pastOf(svc: Service): HostPast {
  const past = new Map<string, SitePast[]>();
  EARLIER_RUNS.forEach((start, k) => {
    const samples = samplesOf(svc, start, true);
    const a = analyzeHost(samples);
    for (const g of a.groups) {
      const pts = past.get(g.id) ?? [];
      g.counts.forEach((count, i) => pts.push({ at: samples[i].takenAt, count, runId: `earlier-${k}` }));
      past.set(g.id, pts);
    }
  });
  return past;
}

export function judge(svc: Service, mode: Mode): HostAnalysis {
  const samples = samplesOf(svc, 0, mode !== 'last-dump');
  return analyzeHost(samples, {}, mode === 'history' ? pastOf(svc) : undefined);
}
