import { describe, expect, it } from 'vitest';
import { clip, dot, dotLabel, html, md, mdCode, oneLine } from '../../../src/report/render/escape.js';

describe('escape', () => {
  it('html: markup, quotes and ampersands become entities', () => {
    expect(html(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
    expect(html(42)).toBe('42');
  });

  it('md: pipes, backticks and emphasis are escaped; raw HTML is written as entities; one line', () => {
    expect(md('a|b `c` *d* [e](f)')).toBe('a\\|b \\`c\\` \\*d\\* \\[e\\](f)');
    expect(md('<script>\nx')).toBe('&lt;script&gt; x');
    expect(md('TIME_WAIT _em_')).toBe('TIME_WAIT \\_em\\_');
  });

  it('mdCode: fences longer than any backtick run; pipes escaped only in cells', () => {
    expect(mdCode('main.f')).toBe('`main.f`');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('`x')).toBe('`` `x ``');
    expect(mdCode('a|b', true)).toBe('`a\\|b`');
    expect(mdCode('a|b')).toBe('`a|b`');
  });

  it('dot: quotes and backslashes escaped, so data cannot close the string or add label escapes', () => {
    expect(dot('a "b" \\N c')).toBe('a \\"b\\" \\\\N c');
    expect(dotLabel(['x"', 'y'])).toBe('"x\\"\\ny"');
    expect(oneLine('a\r\n\tb')).toBe('a b');
    expect(clip('abcdef', 4)).toBe('abc…');
  });

  it('C1 controls and newlines in a value become spaces in every format (issue 21)', () => {
    const evil = 'a\u009b2J\u0085b\nc\u001b]0;t\u0007d';
    expect(oneLine(evil)).toBe('a 2J b c ]0;t d');
    expect(html(evil)).toBe('a 2J b c ]0;t d');
    expect(md(evil)).toBe('a 2J b c \\]0;t d');
    expect(dot(evil)).toBe('a 2J b c ]0;t d');
    expect(mdCode(evil)).toBe('`a 2J b c ]0;t d`');
  });
});
