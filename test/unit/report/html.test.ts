import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/report/render/html.js';
import { emptyReport, sampleReport } from './fixture.js';

describe('renderHtml', () => {
  const page = renderHtml(sampleReport());

  it('is one self-contained document: inline CSS, no scripts, nothing fetched', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<style>');
    expect(page).toContain(`default-src 'none'`);
    expect(page).not.toMatch(/<(script|link|img|iframe|object|embed)\b/i);
    expect(page).not.toMatch(/<[^>]*\s(src|href)=(?!"#)/i); // only in-page links
    expect(page).not.toMatch(/url\(|@import|https?:\/\//i);
  });

  it('escapes every string from the report: hostile host names, frames, errors and evidence arrive as text', () => {
    expect(page).toContain('evil&lt;script&gt;alert(&quot;host&quot;)&lt;/script&gt;|`x`');
    expect(page).toContain('main.(*T).Run&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; app/evil.go:7');
    expect(page).toContain('&lt;img src=x onerror=alert(2)&gt; grew');
    expect(page).toContain('Connection refused &lt;b&gt;');
    expect(page).toContain('created by main.spawn &quot;quoted&quot; \\N back\\slash app/spawn.go:9');
    // The only tags are our own.
    const tags = new Set([...page.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1].toLowerCase()));
    expect([...tags].sort()).toEqual(['a', 'b', 'body', 'br', 'code', 'details', 'div', 'h1', 'h2', 'head', 'header', 'html', 'li', 'meta', 'ol', 'p', 'pre', 'section', 'span', 'style', 'summary', 'table', 'tbody', 'td', 'th', 'thead', 'title', 'tr', 'ul']);
  });

  it('has summary cards', () => {
    expect(page).toMatch(/<b><span class="badge v-suspect">partial<\/span><\/b><span>run status<\/span>/);
    expect(page).toContain('<b>3/4</b><span>hosts collected</span>');
    expect(page).toContain('<div class="card leaking"><b>1</b><span>leaking hosts</span></div>');
    expect(page).toContain('<b>1,273</b><span>goroutines</span>');
  });

  it('has a hosts table with verdict colours and the failure reason', () => {
    expect(page).toMatch(/<tr class="row-leaking"><td><a href="#host-0">web-1<\/a><\/td><td>ok<\/td><td class="num">1,210<\/td>/);
    expect(page).toContain('<span class="badge v-leaking">leaking</span>');
    expect(page).toMatch(/<tr class="row-failed"><td><a href="#host-3">web-4<\/a><div class="error">ssh: connect/);
    expect(page).toContain('.v-leaking{color:var(--leaking)');
  });

  it('lists suspects with evidence and the known pattern', () => {
    expect(page).toContain('<code>main.leakRecv</code> at <code>app/worker.go:41</code>');
    expect(page).toContain('<li>web-1: grew 400 → 1,200 over 3 samples (+800/min)</li>');
    expect(page).toContain('<b>Cause:</b> a receive nobody sends to &lt;ever&gt;');
    expect(page).toContain('<b>Fix:</b> close the channel | cancel the context');
  });

  it('puts every host in a <details>, flagged ones open, with full frames', () => {
    expect(page.match(/<details id="host-\d"/g)).toHaveLength(4);
    expect(page).toContain('<details id="host-0" open>');
    expect(page).toContain('<details id="host-2">');
    expect(page).toContain('<pre>runtime.gopark runtime/proc.go:398\nruntime.chanrecv1 runtime/chan.go:442\nmain.leakRecv app/worker.go:41\nmain.(*Pool).start app/pool.go:20\ncreated by');
    expect(page).toContain('counts per sample 400 → 800 → 1200');
  });

  it('says when nothing was collected', () => {
    expect(renderHtml(emptyReport())).toContain('No host was collected, so nothing was analysed.');
  });
});
