// `fleet-diag report RUN_DIR [--html F] [--dot F] [--markdown F] [--history DIR | --no-history]
// [--watch-csv F]`: renders a run's report.json again: the terminal summary, or files for a ticket
// (Markdown), a graph (DOT) or a browser (HTML, with timelines over earlier runs and watch rows).
import path from 'node:path';
import { loadReport } from '../diff/load.js';
import { renderSummary } from '../report/summary.js';
import { loadHistory } from '../diff/history.js';
import type { RenderContext } from '../report/render/context.js';
import { EXIT } from '../core/exit-codes.js';
import { wantedFormats, writeReportFiles, type ReportFileFlags } from './report-files.js';
import { printErr, printOut, terminalLine, terminalSafe } from './output.js';

interface ReportFlags extends ReportFileFlags {
  /** A folder of earlier runs, or false for --no-history. */
  history?: string | boolean;
  watchCsv?: string[];
}

export default async function report(runDir: string, flags: ReportFlags): Promise<number> {
  const wanted = wantedFormats(flags);
  const { report: data, file } = await loadReport(runDir);
  // The summary goes to stdout unless a format was sent there.
  if (wanted.toStdout === null) printOut(renderSummary(terminalSafe(data), terminalLine(path.dirname(file))));
  const ctx: RenderContext = {};
  // Only the pictures use history: the HTML page (Markdown and DOT draw no timeline).
  if (wanted.formats.includes('html')) {
    const root = flags.history === false ? null : typeof flags.history === 'string' ? flags.history : path.dirname(path.dirname(path.resolve(file)));
    const loaded = await loadHistory(data, file, { root, csv: flags.watchCsv ?? [] });
    for (const note of loaded.notes) printErr(`${terminalLine(note)}\n`);
    if (loaded.runs + loaded.rows > 0) ctx.history = loaded.history;
  }
  await writeReportFiles(data, ctx, flags, wanted);
  return EXIT.ok;
}
