// Without WebAssembly (node --jitless, a locked-down runtime) the parser still works: every
// line goes the long way. A file of its own: the compiled matcher is cached per process.
import { expect, it, vi } from 'vitest';
import { TextMachine } from '../../../src/profile/text-machine.js';

it('parses byte input without WebAssembly', () => {
  vi.spyOn(WebAssembly, 'Module').mockImplementation(() => {
    throw new Error('WebAssembly is not available');
  });
  const g = (id: number) => `goroutine ${id} [select]:\nmain.loop()\n\t/app/loop.go:7 +0x1d\n`;
  const text = [1, 2, 3, 4].map(g).join('\n');
  const m = new TextMachine({ merge: true });
  let slow = 0;
  const write = m.write.bind(m);
  m.write = (s: string) => {
    slow += s.length;
    write(s);
  };
  m.writeAscii(Buffer.from(text, 'latin1'));
  const p = m.end();
  expect(WebAssembly.Module).toHaveBeenCalled();
  expect(p.total).toBe(4);
  expect(p.goroutines.map((x) => x.count)).toEqual([4]);
  expect(slow).toBe(text.length);
});
