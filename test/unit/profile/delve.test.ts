// Delve's `goroutines -t` listing (recorded from dlv 1.20 attached to a Go 1.19 service with five
// goroutines blocked on channel receives) reads like any dump: same groups, classes and sites.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { delveToTraceback, looksLikeDelve } from '../../../src/profile/delve.js';
import { parseDump } from '../../../src/profile/parse.js';
import { analyzeHost } from '../../../src/analysis/index.js';

const listing = readFileSync(new URL('../../fixtures/delve/go1.19-dlv1.20-goroutines-t.txt', import.meta.url), 'utf8');

describe('Delve goroutine listings', () => {
  it('is told from other text', () => {
    expect(looksLikeDelve(listing)).toBe(true);
    expect(looksLikeDelve('goroutine 1 [running]:\nmain.main()\n')).toBe(false);
  });

  it('becomes Go traceback text: every goroutine, its wait reason, frames without runtime.goexit', () => {
    const tb = delveToTraceback(listing);
    expect(tb.startsWith('goroutine 1 [sleep]:\nruntime.gopark(...)\n\t/usr/lib/go-1.19/src/runtime/proc.go:364 +0x0\n')).toBe(true);
    expect(tb).not.toContain('runtime.goexit');
    const p = parseDump(tb);
    expect(p.total).toBe(11); // Delve's own count: "[11 goroutines]"
    expect(p.warnings).toEqual([]);
  });

  it('groups the leak at its line, with its class', () => {
    const h = analyzeHost([{ takenAt: 0, profile: parseDump(delveToTraceback(listing)) }]);
    expect(h.groups[0]).toMatchObject({ count: 5, class: 'chan-receive', location: './srv.go:11', function: 'main.leak' });
  });

  it('takes the reason from a header with a thread and labels, and the current-goroutine mark', () => {
    const text = '* Goroutine 7 - User: /app/x.go:3 main.f (0x1) (thread 99) [semacquire]\n\t0  0x0000000000000001 in sync.runtime_SemacquireMutex\n\t    at /usr/lib/go/src/runtime/sema.go:71\n\t1  0x0000000000000002 in main.f\n\t    at /app/x.go:3\n';
    expect(delveToTraceback(text)).toBe('goroutine 7 [semacquire]:\nsync.runtime_SemacquireMutex(...)\n\t/usr/lib/go/src/runtime/sema.go:71 +0x0\nmain.f(...)\n\t/app/x.go:3 +0x0\n');
  });
});
