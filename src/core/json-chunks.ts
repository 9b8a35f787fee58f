// JSON.stringify(value, null, 2) of an object, in pieces: one per element of the named array
// properties, so a large report is written as it is encoded (no single string and buffer of its
// whole size) and each piece is UTF-8 encoded on its own (a few hosts' non-ASCII text no longer
// puts the whole report on the slow two-byte path). The text is exactly JSON.stringify's: nested
// output is the same text with every line break indented further (strings never hold a raw one).

/** An array element as it sits in the report (`    {` … `    }`): JSON.stringify indents it
 *  itself when it is given inside its array, so no second pass over the text re-indents it. */
function element(key: string, v: unknown): string {
  const text = JSON.stringify({ [key]: [v] }, null, 2);
  return text.slice(`{\n  ${JSON.stringify(key)}: [\n`.length, text.length - '\n  ]\n}'.length);
}

/** A property's value as it sits in the report (after `  "key": `), indented the same way. */
function property(key: string, v: unknown): string {
  const text = JSON.stringify({ [key]: v }, null, 2);
  return text.slice(`{\n  ${JSON.stringify(key)}: `.length, text.length - '\n}'.length);
}

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
      for (let j = 0; j < v.length; j++) yield `${element(k, v[j])}${j < v.length - 1 ? ',\n' : '\n'}`;
      yield `  ]${sep}`;
    } else yield `${key}${property(k, v)}${sep}`;
  }
  yield '}';
}
