// Dumps and a parse helper for the fast lane's tests (test/unit/profile/lane*.test.ts).
import type { Profile } from '../../../src/profile/index.js';
import { TextMachine } from '../../../src/profile/text-machine.js';

export const goroutine = (id: number, fn: string, line: number): string =>
  `goroutine ${id} [chan receive]:\n${fn}(0x${id.toString(16)})\n\t/src/${fn}.go:${line} +0x1d\ncreated by main.main in goroutine 1\n\t/app/main.go:9 +0x25\n`;

const pkg = `example.com/${'long/'.repeat(60)}pkg`;

/** 200 sites with long names (more than the lane's first 64 KB of trie), each seen 10 times. */
export const WIDE_DUMP = Array.from({ length: 2000 }, (_, i) => goroutine(10 + i, `${pkg}.site${i % 200}`, 10 + (i % 200))).join('\n');

/** Parses dump as bytes (the lane's way) or as text; `slow` counts the characters that went the long way. */
export function parse(dump: string, viaBytes: boolean): { p: Profile; slow: number } {
  const m = new TextMachine({ merge: true, exactWaits: true });
  let slow = 0;
  const write = m.write.bind(m);
  m.write = (s: string) => {
    slow += s.length;
    write(s);
  };
  if (viaBytes) m.writeAscii(Buffer.from(dump, 'latin1'));
  else m.write(dump);
  return { p: m.end(), slow };
}
