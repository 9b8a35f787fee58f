// The stack tries a parse leaves to the next one in the thread (shared-stacks.ts): the next
// dump of the same stacks goes the fast lane from its first goroutine and gives exactly what a
// parse with fresh tries gives; overlapping parses do not share them; a failed stream gives
// them back. A file of its own: the tries outlive each parse, so other tests' dumps stay out.
import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { TextMachine } from '../../../src/profile/text-machine.js';
import { parseDump, parseDumpStream } from '../../../src/profile/parse.js';
import { goroutine, parse } from '../helpers/lane.js';

/** Goroutines at 5 sites; the blank line after the last one lets the lane see that it ended. */
const dump = (ids: number[]) => `${ids.map((id) => goroutine(id, `main.w${id % 5}`, 7)).join('\n')}\n`;

/** What a parse gives from text, line by line (the long way), for comparison. */
function viaText(text: string) {
  const m = new TextMachine({ merge: true, exactWaits: true });
  m.write(text);
  return m.end();
}

it('reads a later dump of the same stacks through the lane, with the same result', () => {
  // each stack once per dump: the first dump goes the long way; its text parse (viaText) passes
  // the stacks a second time, which gives the lane its copy (stack-trie.ts): later dumps take it
  const slow = [10, 20, 30, 40].map((at) => {
    const text = dump([at, at + 1, at + 2, at + 3, at + 4]);
    const { p, slow } = parse(text, true);
    expect(p).toEqual(viaText(text));
    // the records of the parses before are not this one's: counts are not carried over
    expect(p.goroutines.map((g) => g.count)).toEqual([1, 1, 1, 1, 1]);
    return slow / text.length;
  });
  expect(slow).toEqual([1, 0, 0, 0]);
});

it('keeps the records of each parse apart when the same stacks repeat', () => {
  const text = dump([30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
  const once = parse(text, true).p;
  for (let i = 0; i < 3; i++) expect(parse(text, true).p).toEqual(once);
  expect(once.goroutines.map((g) => g.count)).toEqual([2, 2, 2, 2, 2]);
});

it('gives overlapping parses tries of their own', () => {
  const text = dump([40, 41, 42, 43, 44]);
  parse(text, true); // the shared tries know these stacks now
  const outer = new TextMachine({ merge: true, exactWaits: true }); // holds the shared tries
  outer.writeAscii(Buffer.from(text.slice(0, 60), 'latin1'));
  const inner = parse(text, true); // meanwhile: fresh tries, so all of it the long way
  expect(inner.slow).toBe(text.length);
  expect(inner.p).toEqual(viaText(text));
  outer.writeAscii(Buffer.from(text.slice(60), 'latin1'));
  expect(outer.end()).toEqual(viaText(text));
  expect(parse(text, true).slow).toBe(0); // given back at its end
});

it('gets the tries back from a stream that failed', async () => {
  const text = dump([50, 51, 52, 53, 54]);
  parseDump(Buffer.from(text, 'latin1'), { merge: true });
  async function* failing() {
    yield Buffer.from(text.repeat(20), 'latin1'); // past the first piece sniffed
    throw new Error('connection reset');
  }
  await expect(parseDumpStream(Readable.from(failing()))).rejects.toThrow('connection reset');
  expect(parse(text, true).slow).toBe(0);
});

it('keeps the debug=1 records of each parse apart, and merges those of one parse, as fresh tries do', () => {
  const rec = (n: number, addr: string, labels = '') => `${n} @ 0x43b256 ${addr} 0x46b181\n${labels}#\t0x67133a\tmain.recv+0x1a\t/app/main.go:17\n`;
  const text = `goroutine profile: total 12\n${rec(7, '0x407e5b')}\n${rec(2, '0x407e77')}\n${rec(3, '0x407e5b', '# labels: {"a":"b"}\n')}\n`;
  const fresh = viaText(text); // the first parse of this test's frames: everything new
  expect(fresh.goroutines.map((g) => g.count)).toEqual([9, 3]); // the same frames merge (labels apart)
  for (let i = 0; i < 3; i++) expect(parseDump(Buffer.from(text), { merge: true, exactWaits: true })).toEqual(fresh);
});

it('a machine ended twice gives its tries back once', () => {
  const text = dump([60, 61, 62, 63, 64]);
  parse(text, true);
  parse(text, true); // the shared tries know these stacks, and the lane has them
  const twice = new TextMachine({ merge: true, exactWaits: true });
  twice.end();
  const holder = new TextMachine({ merge: true, exactWaits: true }); // holds the shared tries now
  twice.end(); // must not free them for another parse meanwhile
  expect(parse(text, true).slow).toBe(text.length); // fresh tries: all of it the long way
  holder.end();
  expect(parse(text, true).slow).toBe(0);
});
