// report.json is written in pieces (core/json-chunks.ts): joined, they must be JSON.stringify(v, null, 2) exactly.
import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../../src/core/json-chunks.js';

const cases: Record<string, unknown>[] = [
  {},
  { a: 1 },
  { hosts: [] },
  { hosts: [{ x: 'Привет "q" \\ \n\t', y: [1, [2, {}], []], z: null }, { w: undefined, v: 'ok' }, 3, null], after: { n: [true, false] } },
  { skipped: undefined, hosts: [{ deep: { deeper: { deepest: ['a\nb', '\u2028'] } } }], fn: () => 1, last: 'x' },
  { only: undefined },
  { hosts: 'not an array', other: [1, 2] },
];

describe('jsonChunks', () => {
  for (const [i, v] of cases.entries()) {
    it(`joins to JSON.stringify(v, null, 2), case ${i}`, () => {
      const chunks = [...jsonChunks(v, new Set(['hosts']))];
      expect(chunks.join('')).toBe(JSON.stringify(v, null, 2));
    });
  }

  it('gives one piece per element of a chunked array', () => {
    const chunks = [...jsonChunks({ a: 1, hosts: [{ h: 1 }, { h: 2 }, { h: 3 }], b: 2 }, new Set(['hosts']))];
    expect(chunks.filter((c) => c.includes('"h"'))).toHaveLength(3);
  });
});
