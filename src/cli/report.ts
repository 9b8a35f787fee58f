// `fleet-diag report RUN_DIR [--html F] [--dot F] [--markdown F]`: renders a run's report.json
// again: the terminal summary, or files for a ticket (Markdown), a graph (DOT) or a browser (HTML).
import path from 'node:path';
import { loadReport } from '../diff/load.js';
import { renderSummary } from '../report/summary.js';
import { renderDot } from '../report/render/dot.js';
import { renderHtml } from '../report/render/html.js';
import { renderMarkdown } from '../report/render/markdown.js';
import type { Report } from '../report/types.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { EXIT, UserError } from '../core/exit-codes.js';
import { printErr, printOut, terminalLine, terminalSafe } from './output.js';

interface ReportFlags {
  html?: string;
  dot?: string;
  markdown?: string;
}

const RENDERERS: { flag: keyof ReportFlags; render: (r: Report) => string }[] = [
  { flag: 'markdown', render: (r) => renderMarkdown(r) },
  { flag: 'dot', render: (r) => renderDot(r) },
  { flag: 'html', render: (r) => renderHtml(r) },
];

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

export default async function report(runDir: string, flags: ReportFlags): Promise<number> {
  const wanted = RENDERERS.filter((r) => flags[r.flag] !== undefined);
  for (const { flag } of wanted) if (flags[flag] === '') throw new UserError(`--${flag}: give a file name, or '-' for stdout`);
  const toStdout = wanted.filter((r) => flags[r.flag] === '-');
  if (toStdout.length > 1) throw new UserError(`only one format can go to stdout ('-'), got ${toStdout.map((r) => `--${r.flag}`).join(' and ')}`);

  const { report: data, file } = await loadReport(runDir);
  // The summary goes to stdout unless a format was sent there.
  if (toStdout.length === 0) printOut(renderSummary(terminalSafe(data), terminalLine(path.dirname(file))));
  for (const { flag, render } of wanted) await emit(flags[flag] as string, render(data), flag);
  return EXIT.ok;
}
