// Every file fleet-diag writes ends with one newline (issue 17): the report renderers (Markdown,
// HTML, DOT), report.json, the watch CSV and Prometheus textfile. `report --markdown FILE`
// writes the renderer's text as it is (test/unit/report/cli.test.ts checks the file itself).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReport } from '../../../src/pipeline/write-report.js';
import { renderDot } from '../../../src/report/render/dot.js';
import { renderHtml } from '../../../src/report/render/html.js';
import { renderMarkdown } from '../../../src/report/render/markdown.js';
import { appendCsv, errorRows, reportRows } from '../../../src/watch/csv.js';
import { promFailureText, promText, writeProm } from '../../../src/watch/prom.js';
import { emptyReport, sampleReport } from './fixture.js';

/** Ends with exactly one newline: not missing, not doubled. */
function endsWithOneNewline(text: string): void {
  expect(text.endsWith('\n'), JSON.stringify(text.slice(-40))).toBe(true);
  expect(text.endsWith('\n\n'), JSON.stringify(text.slice(-40))).toBe(false);
}

describe('written files end with one newline', () => {
  for (const [name, make] of [['a report', sampleReport], ['an empty report', emptyReport]] as const) {
    it(`Markdown, HTML and DOT of ${name}`, () => {
      endsWithOneNewline(renderMarkdown(make()));
      endsWithOneNewline(renderHtml(make()));
      endsWithOneNewline(renderDot(make()));
    });
  }

  it('report.json, the CSV series and the Prometheus textfile', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fd-newline-'));
    endsWithOneNewline(readFileSync(await writeReport(dir, sampleReport()), 'utf8'));
    const csv = path.join(dir, 'g.csv');
    await appendCsv(csv, reportRows(sampleReport()));
    await appendCsv(csv, errorRows(['a'], '2025-01-01T00:00:00.000Z', 'run failed'));
    endsWithOneNewline(readFileSync(csv, 'utf8'));
    const prom = path.join(dir, 'f.prom');
    await writeProm(prom, promText(sampleReport()));
    endsWithOneNewline(readFileSync(prom, 'utf8'));
    endsWithOneNewline(promFailureText(['a'], new Date(0)));
  });
});
