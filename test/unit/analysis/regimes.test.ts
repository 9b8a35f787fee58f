// The regimes of bench/verdicts (simulated services rendered as real debug=1/debug=2 text and
// parsed as `run` parses them): leaks leaking at their line and class (or suspect where the regime
// says one window cannot tell them from load), the rest never leaking.
import { describe, expect, it } from 'vitest';
import { CLASS_OF, REGIMES } from '../../../bench/verdicts/regimes.js';
import { judge } from '../../../bench/verdicts/judge.js';

describe('verdict regimes (one seeded run each)', () => {
  for (const [i, regime] of REGIMES.entries()) {
    const expected = regime.onlySuspect ? 'suspect' : 'leaking';
    it(`${regime.name}: ${regime.leak ? `${expected} at its line and class` : 'never leaking'}`, () => {
      const { svc, leak } = regime.build(500 + i, i);
      for (const mode of ['survivors', 'history'] as const) {
        const a = judge(svc, mode);
        if (leak) {
          const g = a.groups.find((x) => x.function === leak.location);
          expect(g?.verdict, `${mode}: ${g?.evidence.join(' | ')}`).toBe(expected);
          expect(g?.class).toBe(CLASS_OF.get(leak));
        } else {
          expect(a.verdict, `${mode}: ${a.groups.flatMap((g) => g.evidence).join(' | ')}`).not.toBe('leaking');
        }
      }
    });
  }

  it('the same dumps give the same verdicts, evidence and all', () => {
    const { svc } = REGIMES[1].build(42, 3);
    expect(JSON.stringify(judge(svc, 'history'))).toBe(JSON.stringify(judge(svc, 'history')));
  });
});
