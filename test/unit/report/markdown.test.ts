import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/report/render/markdown.js';
import { emptyReport, sampleReport } from './fixture.js';

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
