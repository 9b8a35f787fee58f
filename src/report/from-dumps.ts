// `analyze` works on dumps, not on a run over a fleet. To give it the same HTML, Markdown and
// DOT reports, its analysis becomes a Report-shaped value: one host (named after the dumps),
// one sample per dump, the suspects of that host. The run fields that speak of a fleet
// (inventory, executor, timeouts, batches) are placeholders the renderers do not show when the
// render context says `dumps`. Pure: nothing is read or written here.
import { foldedWarning, rankSuspects } from '../analysis/index.js';
import type { HostAnalysis } from '../analysis/types.js';
import { rankFleetLookHere, type LookHere } from '../analysis/suspects/index.js';
import type { DumpSource, RenderContext } from './render/context.js';
import type { HostReport, Report, SampleReport } from './types.js';

export interface DumpSample extends DumpSource {
  /** When the dump was taken (ms since the epoch), when it says so. */
  takenAt: number | null;
}

function baseName(file: string): string {
  if (file === '-') return 'stdin';
  return file.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || file;
}

/** "dump.txt", or "a.txt … c.txt" for several. */
export function dumpsName(dumps: readonly DumpSource[]): string {
  if (dumps.length === 0) return 'dump';
  const first = baseName(dumps[0].file);
  return dumps.length === 1 ? first : `${first} … ${baseName(dumps[dumps.length - 1].file)}`;
}

export function reportFromDumps(
  a: HostAnalysis,
  dumps: readonly DumpSample[],
  o: { intervalSeconds: number; now: Date; command: string; lookHere?: LookHere[] },
): { report: Report; context: RenderContext } {
  const timesKnown = dumps.length > 0 && dumps.every((d) => d.takenAt !== null && Number.isFinite(d.takenAt));
  const samples: SampleReport[] = dumps.map((d, index) => ({
    index,
    takenAt: timesKnown ? new Date(d.takenAt as number).toISOString() : null,
    goroutines: d.goroutines,
    threads: null,
    sockets: null,
    artifacts: {},
    notes: [],
    errors: [],
  }));
  const name = dumpsName(dumps);
  const host: HostReport = {
    host: name, status: 'ok', error: null, attempts: 1, pprofUrl: '',
    goroutines: a.goroutines, threads: null, sockets: null, samples,
    verdict: a.verdict, groups: a.groups, ...(a.folded ? { folded: a.folded } : {}), evidence: a.evidence,
    warnings: [
      ...dumps.filter((d) => d.warnings > 0).map((d) => `${d.file}: ${d.warnings} parse warnings`),
      ...(a.folded ? [foldedWarning(a.folded, a.groups.length)] : []),
    ],
    ...(o.lookHere ? { lookHere: o.lookHere } : {}),
  };
  const at = o.now.toISOString();
  const report: Report = {
    schemaVersion: 1,
    run: {
      id: 'analyze', startedAt: at, finishedAt: at, status: 'ok', command: o.command, inventory: '', limit: null,
      executor: 'ansible', ansibleVersion: null, samples: Math.max(1, dumps.length), intervalSeconds: o.intervalSeconds,
      timeoutSeconds: 0, serial: [], debug2Cap: null, hostsTargeted: 1, hostsOk: 1, hostsFailed: 0, passes: 0, notes: [],
    },
    hosts: [host],
    // One process: evidence needs no host prefix.
    suspects: rankSuspects([{ host: name, analysis: a }]).map((s) => ({ ...s, evidence: s.evidence.map((e) => (e.startsWith(`${name}: `) ? e.slice(name.length + 2) : e)) })),
    ...(o.lookHere ? { lookHere: rankFleetLookHere([{ host: name, lookHere: o.lookHere }]).map((s) => ({ ...s, evidence: s.evidence.slice(name.length + 2) })) } : {}),
  };
  return {
    report,
    context: { dumps: dumps.map(({ file, format, goroutines, warnings }) => ({ file, format, goroutines, warnings })), timesAssumed: dumps.length > 1 && !timesKnown },
  };
}
