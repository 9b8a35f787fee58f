// A host the collector judged ok but none of whose samples reads as a goroutine profile (its
// pprof URL answered with an error page, another profile…) is a failed host, with the reason:
// it was not measured, so it gets no verdict and counts as not collected (exit 2).
import type { HostStatus } from '../collect/host-outcome.js';
import type { SampleReport } from './types.js';

/** The host's error when it was collected but no sample could be analyzed; null otherwise. */
export function noGoroutineSample(status: HostStatus, samples: SampleReport[], analyzable: number): string | null {
  if (status !== 'ok' || samples.length === 0 || analyzable > 0) return null;
  const first = samples.find((s) => s.errors.length > 0);
  const why = first ? `: sample ${first.index + 1}: ${first.errors[0]}` : '';
  return `no sample could be read as a goroutine profile${why}`;
}
