// JSON.stringify(value, null, 2) of an object, in pieces: one per element of the named array
// properties, so a large report is written as it is encoded (no single string and buffer of its
// whole size) and each piece is UTF-8 encoded on its own (a few hosts' non-ASCII text no longer
// puts the whole report on the slow two-byte path). The text is exactly JSON.stringify's: nested
// output is the same text with every line break indented further (strings never hold a raw one).

const indent = (text: string, pad: string) => text.replace(/\n/g, `\n${pad}`);

export function* jsonChunks(value: Record<string, unknown>, chunked: ReadonlySet<string>): Generator<string> {
  const entries = Object.keys(value).flatMap((k) => {
    const v = value[k];
    // what JSON.stringify leaves out of an object
    return v === undefined || typeof v === 'function' || typeof v === 'symbol' ? [] : [[k, v] as const];
  });
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (const [i, [k, v]] of entries.entries()) {
    const sep = i < entries.length - 1 ? ',\n' : '\n';
    const key = `  ${JSON.stringify(k)}: `;
    if (chunked.has(k) && Array.isArray(v) && v.length > 0) {
      yield `${key}[\n`;
      for (let j = 0; j < v.length; j++) yield `    ${indent(JSON.stringify(v[j], null, 2) ?? 'null', '    ')}${j < v.length - 1 ? ',\n' : '\n'}`;
      yield `  ]${sep}`;
    } else yield `${key}${indent(JSON.stringify(v, null, 2), '  ')}${sep}`;
  }
  yield '}';
}
