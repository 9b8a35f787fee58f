// Escaping for each output format. Every string that comes from a report (host names, frames,
// evidence, errors) is data: it may hold markup, quotes or control characters, and must reach
// the reader as text, never as structure.

/** Control characters (C0 and C1, tabs and newlines included) become spaces: one value stays on one line. */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

/** Cuts to at most `max` characters, marking the cut with an ellipsis. */
export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text of several lines for an SVG <title> (a hover tooltip): each line is one value as html()
 * makes it (a newline inside data stays a space), and only our own line breaks are kept.
 */
export function htmlLines(lines: readonly string[]): string {
  return lines.map((line) => html(line)).join('\n');
}

/**
 * Text for HTML element content and quoted attribute values: one value, so its control characters
 * (newlines too: frames sit one per line in a <pre>) become spaces.
 */
export function html(s: string | number): string {
  return oneLine(String(s)).replace(/[&<>"']/g, (c) => HTML[c]);
}

/**
 * Markdown prose or a table cell: characters that would start markup (emphasis, links, code,
 * raw HTML, a cell break) are backslash-escaped or written as entities; newlines become spaces.
 */
export function md(s: string | number): string {
  return oneLine(String(s))
    .replace(/[\\`*[\]|~#]/g, (c) => `\\${c}`)
    // `_` inside a word (TIME_WAIT, runtime_pollWait) never starts emphasis in GFM; only escape it at an edge.
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * Inline code (function names, file:line). The fence is one backtick longer than any run of
 * backticks inside, per CommonMark. In a table cell (`cell`), `|` is escaped so the cell does
 * not split (GFM reads `\|` as a pipe even inside code); elsewhere it stays as is.
 */
export function mdCode(s: string, cell = false): string {
  const text = cell ? oneLine(s).replace(/\|/g, '\\|') : oneLine(s);
  if (text === '') return '';
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * The inside of a DOT double-quoted string. Backslashes are doubled (so `\n`, `\N`, `\G` in data
 * are not label escapes), quotes are escaped, control characters become spaces.
 */
export function dot(s: string | number): string {
  return oneLine(String(s)).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** A multi-line DOT label: each line escaped, joined by Graphviz's centred line break. */
export function dotLabel(lines: string[]): string {
  return `"${lines.map(dot).join('\\n')}"`;
}
