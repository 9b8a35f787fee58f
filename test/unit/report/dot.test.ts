import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { renderDot } from '../../../src/report/render/dot.js';
import { emptyReport, sampleReport } from './fixture.js';

/** Renders with Graphviz; throws (with dot's message) when the graph is not valid DOT. */
async function svg(dotText: string): Promise<string> {
  const { stdout } = await execa('dot', ['-Tsvg'], { input: dotText });
  return stdout;
}

describe('renderDot', () => {
  const text = renderDot(sampleReport());

  it('renders with dot -Tsvg', async () => {
    const out = await svg(text);
    expect(out).toContain('<svg');
    // Graphviz writes labels as XML text: the hostile host name arrives escaped, never as markup.
    expect(out).not.toMatch(/<script/i);
    expect(out).toContain('evil&lt;script&gt;');
  });

  it('draws each suspect site with function, location, goroutines, class and a verdict colour', () => {
    expect(text).toMatch(/label="main\.leakRecv\\napp\/worker\.go:41\\n1,200 goroutines · chan-receive\\nblocked in runtime\.gopark\\nLEAKING", fillcolor="#f8b4b4"/);
    expect(text).toMatch(/label="main\.\(\*T\)\.Run<\/script><script>alert\(1\)<\/script>\\napp\/evil\.go:7\\n50 goroutines · select\\nSUSPECT", fillcolor="#fde68a"/);
  });

  it('chains the calling frames toward the creator', () => {
    const site = /(\S+) \[label="main\.leakRecv/.exec(text)![1];
    const caller = /(\S+) \[label="main\.\(\*Pool\)\.start\\napp\/pool\.go:20"/.exec(text)![1];
    const creator = /(\S+) \[label="created by\\nmain\.spawn \\"quoted\\" \\\\N back\\\\slash\\napp\/spawn\.go:9"/.exec(text)![1];
    expect(text).toContain(`${site} -> ${caller} [`);
    expect(text).toContain(`${caller} -> ${creator} [`);
  });

  it('links hosts to sites with the goroutine count as the edge label', () => {
    const host = /(\S+) \[label="web-1\\n1,210 goroutines"/.exec(text)![1];
    const site = /(\S+) \[label="main\.leakRecv/.exec(text)![1];
    expect(text).toContain(`${host} -> ${site} [label="1,200"`);
    expect(text).toContain('label="evil<script>alert(\\"host\\")</script>|`x`\\n53 goroutines"');
    expect(text).not.toContain('web-3'); // healthy hosts are counted in the title, not drawn
    expect(text).toContain('not drawn: 1 healthy, 1 not collected');
  });

  it('escapes quotes and backslashes everywhere: every quoted string closes where it should', async () => {
    const hostile = sampleReport();
    hostile.run.id = 'run "x" \\';
    hostile.hosts[0].host = 'a\\"b';
    hostile.suspects[0].hosts = ['a\\"b'];
    hostile.suspects[0].function = 'f\\';
    await expect(svg(renderDot(hostile))).resolves.toContain('<svg');
    // The check has teeth: an unescaped backslash before a closing quote breaks the graph.
    await expect(svg('digraph { "a\\" -> b }')).rejects.toThrow(/syntax error/);
  });

  it('still renders a graph when nothing was collected', async () => {
    const out = renderDot(emptyReport());
    expect(out).toContain('no host collected');
    await expect(svg(out)).resolves.toContain('<svg');
  });

  it('leaves out a flagged group that has no goroutines in the last sample', () => {
    const r = sampleReport();
    r.hosts[1].groups[0] = { ...r.hosts[1].groups[0], count: 0, counts: [30, 0] };
    r.suspects = r.suspects.filter((s) => s.verdict === 'leaking');
    const text = renderDot(r);
    expect(text).not.toContain('app/evil.go:7');
    expect(renderDot(sampleReport())).toContain('app/evil.go:7');
  });
});

