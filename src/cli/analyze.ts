// `fleet-diag analyze FILE...`: dumps in, one host-shaped analysis out (text or --json), and
// with --html/--markdown/--dot the same report files `report` writes for a run.
// Several files are time-ordered samples of one process; '-' reads stdin; gzip is detected.
import { analyzeHost, atOrAbove, DEFAULTS, foldedWarning, loadPatternFile, PatternError } from '../analysis/index.js';
import type { Group, HostAnalysis, Sample, Verdict } from '../analysis/types.js';
import { lookHere, messagesOf, withSingleDump, type LookHere } from '../analysis/suspects/index.js';
import { readGoroutineDump } from '../profile/read-dump.js';
import { ProfileError, type ParseWarning, type Profile } from '../profile/types.js';
import { parseDuration, parsePositiveInt } from '../core/duration.js';
import { EXIT, UserError } from '../core/exit-codes.js';
import { parseVerdictFlag } from './verdict-flag.js';
import { badInputsError, type BadInput } from './input-errors.js';
import { printErr, printJson, printOut, terminalLine, terminalSafe } from './output.js';
import { reportFromDumps } from '../report/from-dumps.js';
import { wantedFormats, writeReportFiles, type ReportFileFlags } from './report-files.js';

export interface AnalyzeOptions extends ReportFileFlags {
  json?: boolean;
  coarse?: boolean;
  failOn?: string;
  interval: string;
  /** Extra known-pattern file (YAML or JSON). */
  patterns?: string;
  /** Groups kept with frames; the rest are folded by site. */
  maxGroups?: string;
}

interface Input {
  file: string;
  profile: Profile;
}

/** The parser merges equal stacks while streaming (memory bounded by distinct stacks, not by
 *  goroutines); `exactWaits` keeps goroutines with different wait ages apart, so ages stay exact. */
const PARSE = { merge: true, exactWaits: true } as const;
const TOP_GROUPS = 10;
const MAX_WARNINGS_SHOWN = 5;

export default async function analyze(files: string[], opts: AnalyzeOptions): Promise<number> {
  try {
    const failOn = parseVerdictFlag(opts.failOn, '--fail-on');
    const intervalMs = parseDuration(opts.interval, '--interval');
    const maxGroups = parsePositiveInt(opts.maxGroups ?? String(DEFAULTS.maxGroups), '--max-groups', 1);
    const patterns = opts.patterns ? loadPatternFile(opts.patterns) : [];
    if (files.filter((f) => f === '-').length > 1) throw new UserError("'-' (stdin) can be given only once");
    const wanted = wantedFormats(opts);
    if (wanted.toStdout && opts.json) throw new UserError(`--json and --${wanted.toStdout} - both print on stdout; write one of them to a file`);

    const inputs: Input[] = [];
    const bad: BadInput[] = [];
    for (const file of files) {
      try {
        inputs.push({ file, profile: await read(file) });
      } catch (err) {
        if (!(err instanceof ProfileError)) throw err;
        bad.push({ file, error: err }); // every bad input is named, not only the first
      }
    }
    if (bad.length > 0) throw badInputsError(bad, files.length);

    const { samples, stamped } = toSamples(inputs, intervalMs);
    // What the dumps say on their own (runtime messages, long waits, idle shapes) joins growth.
    const multi = analyzeHost(samples, { coarse: opts.coarse, patterns, maxGroups });
    const single = lookHere(multi.groups, messagesOf(samples), { single: samples.length === 1 });
    const analysis = withSingleDump(multi, single);
    if (opts.json) printJson(jsonShape(analysis, single.suspects, inputs));
    else {
      if (!wanted.toStdout) printOut(renderText(analysis, single.suspects, inputs));
      for (const i of inputs) writeWarnings(i.file, i.profile.warnings);
    }
    if (analysis.folded) printErr(`${terminalLine(`fleet-diag: warning: ${foldedWarning(analysis.folded, analysis.groups.length)}`)}\n`);
    if (wanted.formats.length > 0) {
      const dumps = inputs.map((i, k) => ({
        file: i.file, format: i.profile.format, goroutines: i.profile.total, warnings: i.profile.warnings.length,
        takenAt: stamped ? samples[k].takenAt : null,
      }));
      const { report, context } = reportFromDumps(analysis, dumps, { lookHere: single.suspects, intervalSeconds: intervalMs / 1000, now: new Date(), command: ['fleet-diag', 'analyze', ...files].join(' ') });
      await writeReportFiles(report, context, opts, wanted);
    }
    return failOn && atOrAbove(analysis.verdict, failOn) ? EXIT.findings : EXIT.ok;
  } catch (err) {
    if (err instanceof ProfileError || err instanceof PatternError) throw new UserError(err.message, EXIT.usage);
    throw err;
  }
}

/** A dump that holds goroutines: anything else (a heap profile's text, HTML, a log…) is an input error. */
async function read(file: string): Promise<Profile> {
  return readGoroutineDump(file, PARSE);
}

/** Profile timestamps when every input has one; otherwise file order × --interval. */
function toSamples(inputs: Input[], intervalMs: number): { samples: Sample[]; stamped: boolean } {
  const stamps = inputs.map((i) => (i.profile.takenAt ? Date.parse(i.profile.takenAt) : NaN));
  const stamped = stamps.every((t) => Number.isFinite(t));
  return { samples: inputs.map((i, k) => ({ takenAt: stamped ? stamps[k] : k * intervalMs, profile: i.profile })), stamped };
}

function jsonShape(a: HostAnalysis, suspects: LookHere[], inputs: Input[]) {
  return {
    goroutines: a.goroutines,
    verdict: a.verdict,
    groups: a.groups,
    evidence: a.evidence,
    ...(a.folded ? { folded: a.folded, warnings: [foldedWarning(a.folded, a.groups.length)] } : {}),
    suspects,
    inputs: inputs.map((i) => ({
      file: i.file,
      format: i.profile.format,
      total: i.profile.total,
      warnings: i.profile.warnings.map((w) => ({ line: w.line, message: w.message })),
      messages: (i.profile.messages ?? []).map((m) => ({ kind: m.kind, text: m.text, line: m.line })),
    })),
  };
}

// ---- terminal summary ----

/** The text view. What it shows of the data goes through terminalSafe (only the groups shown: a dump may hold 100,000). */
function renderText(a: HostAnalysis, suspects: LookHere[], inputs: Input[]): string {
  const out: string[] = [];
  const groupsWord = a.groups.length === 1 ? 'group' : 'groups';
  const sampleWord = inputs.length === 1 ? '1 sample' : `${inputs.length} samples`;
  out.push(`verdict: ${a.verdict.toUpperCase()} — ${a.goroutines.toLocaleString('en-US')} goroutines in ${a.groups.length} ${groupsWord} (${sampleWord}: ${inputs.map((i) => `${i.file === '-' ? 'stdin' : terminalLine(i.file)} [${i.profile.format}]`).join(', ')})`);
  for (const e of terminalSafe(a.evidence)) out.push(`  host: ${e}`);
  out.push(...renderLookHere(suspects));
  // Groups with no goroutines in the last sample are folded away (--json keeps them).
  const live = a.groups.filter((g) => g.count > 0);
  const flagged = live.filter((g) => g.verdict === 'leaking' || g.verdict === 'suspect');
  flagged.sort((x, y) => (x.verdict === y.verdict ? y.count - x.count : x.verdict === 'leaking' ? -1 : 1));
  const rest = live.filter((g) => !flagged.includes(g)).slice(0, Math.max(0, TOP_GROUPS - flagged.length));
  if (flagged.length > 0) out.push('', 'findings:');
  for (const g of flagged) out.push(...renderGroup(terminalSafe(g), inputs.length));
  if (rest.length > 0) out.push('', flagged.length > 0 ? 'other top groups:' : 'top groups:');
  for (const g of rest) out.push(...renderGroup(terminalSafe(g), inputs.length));
  const hidden = live.length - flagged.length - rest.length;
  if (hidden > 0) out.push('', `… ${hidden} more ${hidden === 1 ? 'group' : 'groups'} (--json lists all)`);
  const folded = a.groups.length - live.length;
  if (folded > 0) out.push(`(${folded} ${folded === 1 ? 'group' : 'groups'} with no goroutines in the last sample folded away; --json lists ${folded === 1 ? 'it' : 'them'})`);
  out.push(...renderFolded(a));
  return `${out.join('\n')}\n`;
}

const TOP_FOLDED = 5;

/** Groups past --max-groups, by site: the largest sites (a leak whose stacks all differ shows here). */
function renderFolded(a: HostAnalysis): string[] {
  const f = a.folded;
  if (!f) return [];
  const out = ['', `folded (past --max-groups): ${f.goroutines.toLocaleString('en-US')} goroutines in ${f.groups.toLocaleString('en-US')} smaller groups, by site:`];
  for (const s of terminalSafe(f.sites.slice(0, TOP_FOLDED))) {
    out.push(`${String(s.count).padStart(7)}  ${s.class.padEnd(15)} ${`${s.groups} groups`.padEnd(8)} ${s.location}  ${s.function}${s.state ? `  [${s.state}]` : ''}`);
  }
  const more = f.sites.length + f.sitesLeftOut - TOP_FOLDED;
  if (more > 0) out.push(`… ${more.toLocaleString('en-US')} more folded sites (--json lists ${f.sitesLeftOut > 0 ? `the largest ${f.sites.length.toLocaleString('en-US')}` : 'all'})`);
  return out;
}

/** Sites that are not idle shapes, best first; idle ones only when nothing else is left. */
const TOP_LOOK_HERE = 5;

function renderLookHere(suspects: LookHere[]): string[] {
  const busy = suspects.filter((s) => s.idle === null);
  const shown = (busy.length > 0 ? busy : suspects).slice(0, TOP_LOOK_HERE);
  if (shown.length === 0) return [];
  const head = busy.length > 0 ? 'look here first:' : 'look here first (every site has a known idle shape):';
  return ['', head, ...shown.map((s, i) => `  ${i + 1}. ${terminalLine(s.evidence)}`)];
}

function renderGroup(g: Group, samples: number): string[] {
  const head = `${String(g.count).padStart(7)}  ${g.class.padEnd(15)} ${g.verdict.padEnd(8)} ${g.location}  ${g.function}`;
  const lines = [head];
  const detail: string[] = [];
  if (samples > 1) {
    const rate = g.growthPerMinute !== 0 ? ` (${g.growthPerMinute > 0 ? '+' : ''}${g.growthPerMinute}/min)` : '';
    detail.push(`counts ${g.counts.join(' → ')}${rate}`);
  }
  if (g.maxWaitMinutes > 0) detail.push(`longest wait ${g.maxWaitMinutes} min`);
  if (g.state) detail.push(`[${g.state}]`);
  if (detail.length > 0) lines.push(`         ${detail.join(', ')}`);
  for (const e of g.evidence) lines.push(`         - ${e}`);
  if (g.pattern) {
    lines.push(`         pattern ${g.pattern.name}: ${g.pattern.cause}`);
    lines.push(`         fix: ${g.pattern.fix}`);
  }
  return lines;
}

function writeWarnings(file: string, warnings: ParseWarning[]): void {
  for (const w of warnings.slice(0, MAX_WARNINGS_SHOWN)) {
    printErr(`${terminalLine(`fleet-diag: warning: ${file}${w.line > 0 ? `:${w.line}` : ''}: ${w.message}`)}\n`);
  }
  if (warnings.length > MAX_WARNINGS_SHOWN) {
    printErr(`${terminalLine(`fleet-diag: warning: ${file}: ${warnings.length - MAX_WARNINGS_SHOWN} more warnings (--json lists all)`)}\n`);
  }
}
