import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/report/render/markdown.js';
import { emptyReport, sampleReport } from './fixture.js';
import { fleetReport, NOW } from './fleet-fixture.js';
import { reportFromDumps } from '../../../src/report/from-dumps.js';

/** Cells of a GFM table row, splitting on pipes that are not escaped. */
function cells(line: string): string[] {
  return line.replace(/^\| | \|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim());
}

describe('renderMarkdown', () => {
  const text = renderMarkdown(sampleReport());
  const lines = text.split('\n');

  it('has a run header with id, time, status and hosts ok/targeted', () => {
    expect(lines[0]).toBe('# fleet-diag report `run-test01`');
    expect(text).toContain('**Status:** partial, 3/4 hosts collected (1 not collected)');
    expect(text).toContain('2025-03-01T10:00:00.000Z → 2025-03-01T10:00:12.500Z (12.5 s)');
    expect(text).toContain('limit `web*`');
  });

  it('has a hosts table whose rows keep six cells even with a hostile host name', () => {
    const start = lines.indexOf('| Host | Status | Goroutines | Threads | Verdict | Sockets |');
    expect(start).toBeGreaterThan(0);
    const rows = lines.slice(start + 2, start + 6);
    expect(rows.map((r) => cells(r).length)).toEqual([6, 6, 6, 6]);
    expect(cells(rows[0])).toEqual(['web-1', 'ok', '1,210', '12', '**leaking**', 'ESTABLISHED=4 CLOSE_WAIT=30 LISTEN=2']);
    expect(cells(rows[1])[0]).toBe('evil&lt;script&gt;alert("host")&lt;/script&gt;\\|\\`x\\`');
    expect(cells(rows[3]).slice(0, 5)).toEqual(['web-4', 'unreachable', '-', '-', 'unknown']);
  });

  it('says why failed hosts were not collected', () => {
    expect(text).toContain('### Not collected');
    expect(text).toContain('- **web-4** (unreachable, 2 attempts): ssh: connect to host web-4 port 22: Connection refused &lt;b&gt;');
  });

  it('ranks fleet suspects with evidence and the known pattern cause and fix', () => {
    const at = lines.findIndex((l) => l.startsWith('1. **LEAKING** `main.leakRecv` at `app/worker.go:41`'));
    expect(at).toBeGreaterThan(0);
    expect(lines[at]).toContain('chan-receive, 1,200 goroutines on 1 host: web-1');
    expect(lines.slice(at + 1, at + 6)).toEqual([
      '   - web-1: grew 400 → 1,200 over 3 samples (+800/min)',
      '   - web-1: cell\\|breaker and \\`tick\\` in evidence',
      '   - **Known pattern:** time.After in loop',
      '   - **Cause:** a receive nobody sends to &lt;ever&gt;',
      '   - **Fix:** close the channel \\| cancel the context',
    ]);
    expect(lines.some((l) => l.startsWith('2. **SUSPECT** `main.(*T).Run</script><script>alert(1)</script>`'))).toBe(true);
  });

  it('lists top groups per collected host, flagged first, with escaped code cells', () => {
    expect(text).toContain('## Top groups per host');
    expect(text).toContain('### web-1: leaking, 1,210 goroutines');
    expect(text).toContain('| 1,200 | chan-receive | `main.leakRecv` | `app/worker.go:41` | +800/min | **leaking** |');
    expect(text).not.toContain('### web-4');
    const evilRow = lines.find((l) => l.startsWith('| 50 | select |'));
    expect(evilRow && cells(evilRow)).toHaveLength(6);
  });

  it('never lets data open raw HTML outside code spans', () => {
    const outsideCode = text.replace(/(`+)[^`]*?\1/g, '');
    expect(outsideCode).not.toMatch(/<script|<img|<b>/);
  });

  it('says when nothing was collected', () => {
    const empty = renderMarkdown(emptyReport());
    expect(empty).toContain('No host was collected, so nothing was analysed.');
    expect(empty).not.toContain('## Top groups per host');
  });
});

describe('renderMarkdown: folding and dumps', () => {
  it('folds away groups with no goroutines in the last sample, saying so', () => {
    const text = renderMarkdown(fleetReport(NOW));
    expect(text).not.toContain('main.reloadConfig');
    expect(text).toContain('_1 group with no goroutines in the last sample is folded away (report.json keeps it)._');
  });

  it('speaks of dumps for analyze: inputs, no hosts table, no host names in the suspects', () => {
    const h = fleetReport(NOW).hosts[0];
    const { report, context } = reportFromDumps(
      { goroutines: h.goroutines ?? 0, verdict: h.verdict, groups: h.groups, evidence: ['a host-level line'] },
      [{ file: 'dump|1.txt', format: 'debug2', goroutines: 1966, warnings: 0, takenAt: Date.parse('2026-03-04T09:30:00Z') }],
      { intervalSeconds: 30, now: NOW, command: 'fleet-diag analyze dump.txt' },
    );
    const text = renderMarkdown(report, {}, context);
    expect(text.split('\n')[0]).toBe('# fleet-diag analysis of 1 dump');
    expect(text).toContain('| `dump\\|1.txt` | debug2 | 1,966 | - |');
    expect(text).not.toContain('## Hosts');
    expect(text).toMatch(/^1\. \*\*LEAKING\*\* `github.com\/acme\/pay\/internal\/notify.\(\*Hub\).wait` at `[^`]+`: chan-receive, 1,840 goroutines$/m);
    expect(text).toContain('   - grew 1720 → 1840 over 3 samples (+360/min)');
    expect(text).toContain('- a host-level line');
    expect(text).toContain('(analyze --json keeps it)');
  });
});

