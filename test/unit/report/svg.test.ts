// The chart primitives: scales, ticks, the line chart and the flame graph, as strings.
import { describe, expect, it } from 'vitest';
import { absoluteLabel, countAxis, niceStep, relativeLabel, timeTicks } from '../../../src/report/render/svg/scale.js';
import { lineChart, pathOf } from '../../../src/report/render/svg/chart.js';
import { fitLabel, flameTree, renderFlame, splitFrame } from '../../../src/report/render/svg/flame.js';
import { group, leakGroup, EVIL_FRAME, evilGroup } from './fixture.js';

describe('scales and ticks', () => {
  it('steps are 1-2-5 numbers', () => {
    expect([niceStep(10, 4), niceStep(100, 4), niceStep(1840, 4), niceStep(7, 4)]).toEqual([5, 50, 500, 2]);
  });

  it('count axes start at 0, unless every value sits in the upper half of a large count', () => {
    expect(countAxis(0, 1840)).toEqual({ bottom: 0, top: 2000, ticks: [0, 500, 1000, 1500, 2000] });
    expect(countAxis(2047, 2140).bottom).toBe(2000);
    expect(countAxis(2047, 2140).top).toBeGreaterThanOrEqual(2140);
    expect(countAxis(4, 5).bottom).toBe(0); // small counts: 4 → 5 threads is not a cliff
    expect(countAxis(0, 0)).toEqual({ bottom: 0, top: 1, ticks: [0, 1] });
  });

  it('relative time reads as seconds, minutes, hours, days', () => {
    expect([relativeLabel(0), relativeLabel(45_000), relativeLabel(120_000), relativeLabel(90_000), relativeLabel(3 * 3_600_000), relativeLabel(2 * 86_400_000)])
      .toEqual(['0 s', '45 s', '2 min', '1 min 30 s', '3 h', '2 d']);
  });

  it('absolute time reads as UTC clock times, or dates over days', () => {
    const at = Date.UTC(2026, 2, 4, 9, 30, 15);
    expect(absoluteLabel(at, 10_000, 60_000)).toBe('09:30:15');
    expect(absoluteLabel(at, 600_000, 3_600_000)).toBe('09:30');
    expect(absoluteLabel(at, 86_400_000, 5 * 86_400_000)).toBe('Mar 4');
    expect(absoluteLabel(at, 6 * 3_600_000, 2 * 86_400_000)).toBe('Mar 4 09:30');
  });

  it('ticks land on round steps inside the span', () => {
    const rel = timeTicks(0, 20_000, 'relative', 4);
    expect(rel.map((t) => t.label)).toEqual(['0 s', '5 s', '10 s', '15 s', '20 s']);
    const t0 = Date.UTC(2026, 2, 1, 9, 0);
    const days = timeTicks(t0, t0 + 3 * 86_400_000, 'absolute', 4);
    expect(days.map((t) => t.label)).toEqual(['Mar 2', 'Mar 3', 'Mar 4']);
    for (const t of days) expect(t.at).toBeGreaterThanOrEqual(t0);
  });
});

describe('lineChart', () => {
  const svg = lineChart({
    key: 'k1', title: 'Goroutines <b>', time: 'relative',
    series: [
      { name: 'web-1', color: '#2563eb', points: [{ t: 0, v: 100 }, { t: 10_000, v: 150 }, { t: 20_000, v: null }, { t: 30_000, v: 250 }] },
      { name: 'evil<script>', color: '#dc2626', points: [{ t: 0, v: 10 }, { t: 30_000, v: 20 }] },
    ],
    trends: [{ color: '#2563eb', from: { t: 0, v: 100 }, to: { t: 30_000, v: 250 }, label: '+300/min' }],
  });

  it('is one SVG with a title, one path per series and a dot with a hover title per known point', () => {
    expect(svg.startsWith('<svg class="chart" viewBox="0 0 360 180"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toContain('<title>Goroutines &lt;b&gt;</title>');
    expect(svg.match(/<g class="series"/g)).toHaveLength(2);
    expect(svg).toContain('data-series="web-1"');
    expect(svg.match(/<circle /g)).toHaveLength(5);
    expect(svg).toContain('<title>web-1: 150 at +10 s</title>');
  });

  it('breaks the line where a value is missing', () => {
    const d = svg.match(/<g class="series" data-series="web-1"><path d="([^"]+)"/)?.[1] ?? '';
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/L/g)).toHaveLength(1);
    expect(pathOf([{ t: 0, v: null }], (t) => t, (v) => v)).toBe('');
  });

  it('escapes series names and draws the trend dashed, clipped to the plot, with its label', () => {
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('data-series="evil&lt;script&gt;"');
    expect(svg).toMatch(/<clipPath id="(clip-[a-z0-9]+)">.*clip-path="url\(#\1\)"/);
    expect(svg).toContain('>+300/min</text>');
  });

  it('makes element ids from the key, so two charts in one page do not share them', () => {
    const other = lineChart({ key: 'k2', title: 'Goroutines <b>', time: 'relative', series: [] });
    const id = (s: string) => s.match(/<clipPath id="([^"]+)"/)?.[1];
    expect(id(svg)).not.toBe(id(other));
  });
});

describe('flame graph', () => {
  it('merges stacks from the outermost frame in, by function, with goroutine counts', () => {
    const a = group('a', 30, { frames: ['runtime.gopark runtime/proc.go:1', 'main.wait app/a.go:10', 'main.run app/main.go:5'], location: 'app/a.go:10', function: 'main.wait' });
    const b = group('b', 10, { frames: ['runtime.gopark runtime/proc.go:1', 'main.wait app/a.go:12', 'main.run app/main.go:5'], location: 'app/a.go:12', function: 'main.wait' });
    const c = group('c', 5, { frames: ['main.other app/o.go:3'], location: 'app/o.go:3', function: 'main.other' });
    const gone = group('d', 0, { counts: [4, 0], frames: ['main.gone app/g.go:1'] });
    const root = flameTree([a, b, c, gone]);
    expect(root.value).toBe(45);
    expect([...root.children.keys()]).toEqual(['main.run', 'main.other']);
    const wait = root.children.get('main.run')?.children.get('main.wait');
    expect(wait?.value).toBe(40);
    expect([...(wait?.locations ?? [])]).toEqual([['app/a.go:10', 30], ['app/a.go:12', 10]]);
    expect(wait?.children.get('runtime.gopark')?.value).toBe(40);
  });

  it('marks the site of a leaking group and the frames it waits in below it', () => {
    const root = flameTree([leakGroup]);
    const start = root.children.get('main.(*Pool).start');
    const site = start?.children.get('main.leakRecv');
    expect(start?.site).toBeNull();
    expect(site?.site).toBe('leaking');
    expect(site?.notes[0]).toContain('LEAKING site app/worker.go:41: 1200 chan-receive, +800/min');
    expect(site?.children.get('runtime.chanrecv1')?.below).toBe('leaking');
    const svg = renderFlame(root, { key: 'h0', title: 'stacks' });
    expect(svg).toMatch(/<g class="f site-leaking"><title>main.leakRecv\n1,200 goroutines \(100%\)\napp\/worker.go:41: 1,200\nLEAKING site/);
    expect(svg).toContain('class="f below-leaking"');
    expect(svg).toContain('>main.leakRecv</text>');
  });

  it('escapes frames, and draws nothing for no goroutines', () => {
    const svg = renderFlame(flameTree([evilGroup]), { key: 'e', title: 'evil <title>' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('aria-label="evil &lt;title&gt;"');
    expect(splitFrame(EVIL_FRAME)[1]).toBe('app/evil.go:7');
    expect(renderFlame(flameTree([]), { key: 'x', title: 'none' })).toBe('');
  });

  it('leaves out boxes too thin to see, and the rows only they would need', () => {
    const big = group('big', 100_000, { frames: ['main.big app/b.go:1'] });
    const deep = group('deep', 1, { frames: Array.from({ length: 30 }, (_, i) => `main.f${i} app/d.go:${i}`) });
    const svg = renderFlame(flameTree([big, deep]), { key: 'd', title: 'deep' });
    expect(svg).toContain('viewBox="0 0 1000 38"'); // root + one row, not 31 rows
    expect(svg).not.toContain('main.f0');
  });

  it('fits labels to their box: the whole name, then without the import path, then cut', () => {
    expect(fitLabel('github.com/acme/pay/notify.(*Hub).wait', 60)).toBe('github.com/acme/pay/notify.(*Hub).wait');
    expect(fitLabel('github.com/acme/pay/notify.(*Hub).wait', 20)).toBe('notify.(*Hub).wait');
    expect(fitLabel('github.com/acme/pay/notify.(*Hub).wait', 8)).toBe('notify.…');
    expect(fitLabel('main.x', 2)).toBe('');
  });
});
