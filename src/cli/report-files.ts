// --markdown F, --dot F, --html F for `report` and `analyze`: which formats were asked for, and
// writing each atomically (or to stdout for '-').
import { renderDot } from '../report/render/dot.js';
import { renderHtml } from '../report/render/html.js';
import { renderMarkdown } from '../report/render/markdown.js';
import type { RenderContext } from '../report/render/context.js';
import type { Report } from '../report/types.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { UserError } from '../core/exit-codes.js';
import { printErr, printOut, terminalLine } from './output.js';

export interface ReportFileFlags {
  html?: string;
  dot?: string;
  markdown?: string;
}

type Format = keyof ReportFileFlags;

const RENDERERS: { flag: Format; render: (r: Report, ctx: RenderContext) => string }[] = [
  { flag: 'markdown', render: (r, ctx) => renderMarkdown(r, {}, ctx) },
  { flag: 'dot', render: (r, ctx) => renderDot(r, {}, ctx) },
  { flag: 'html', render: (r, ctx) => renderHtml(r, ctx) },
];

export interface Wanted {
  formats: Format[];
  /** A format goes to stdout ('-'): nothing else may print there. */
  toStdout: Format | null;
}

/** Checks the flags before anything is read: a name for each, at most one '-'. */
export function wantedFormats(flags: ReportFileFlags): Wanted {
  const formats = RENDERERS.map((r) => r.flag).filter((f) => flags[f] !== undefined);
  for (const f of formats) if (flags[f] === '') throw new UserError(`--${f}: give a file name, or '-' for stdout`);
  const stdout = formats.filter((f) => flags[f] === '-');
  if (stdout.length > 1) throw new UserError(`only one format can go to stdout ('-'), got ${stdout.map((f) => `--${f}`).join(' and ')}`);
  return { formats, toStdout: stdout[0] ?? null };
}

/** Writes to F atomically, or to stdout for `-`. */
async function emit(target: string, text: string, flag: string): Promise<void> {
  if (target === '-') {
    printOut(text);
    return;
  }
  try {
    await writeFileAtomic(target, text);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UserError(`--${flag} ${target}: cannot write (${e.code ?? e.message})`);
  }
  printErr(`wrote ${terminalLine(target)}\n`);
}

export async function writeReportFiles(report: Report, ctx: RenderContext, flags: ReportFileFlags, wanted: Wanted): Promise<void> {
  for (const { flag, render } of RENDERERS) {
    if (wanted.formats.includes(flag)) await emit(flags[flag] as string, render(report, ctx), flag);
  }
}
