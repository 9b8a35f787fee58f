import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinPatterns, compilePatterns, loadPatternFile, matchPattern, PatternError, type PatternSubject } from '../../../src/analysis/patterns.js';

const subject = (functions: string[], extra: Partial<PatternSubject> = {}): PatternSubject => ({
  class: 'io-wait',
  count: 10,
  function: functions[functions.length - 1],
  functions,
  ...extra,
});

describe('built-in patterns (patterns/known.yaml)', () => {
  const known = builtinPatterns();
  const name = (s: PatternSubject) => matchPattern(known, s)?.name ?? null;

  it('load, each with a cause and a fix', () => {
    expect(known.length).toBeGreaterThanOrEqual(7);
    for (const p of known) {
      expect(p.cause.length, p.name).toBeGreaterThan(20);
      expect(p.fix.length, p.name).toBeGreaterThan(20);
    }
  });

  it('the same as known.yaml parsed now, when taken from the build (dist/known-patterns.json)', () => {
    const file = path.resolve(import.meta.dirname, '../../../patterns/known.yaml');
    expect(known).toEqual(compilePatterns(loadPatternFile(file), file));
  });

  it.each([
    [['internal/poll.runtime_pollWait', 'net/http.(*persistConn).readLoop'], {}, 'http-client-connections-kept-open'],
    [['runtime.selectgo', 'net/http.(*persistConn).writeLoop'], { class: 'select' }, 'http-client-connections-kept-open'],
    [['runtime.selectgo', 'database/sql.(*DB).connectionOpener'], { class: 'select' }, 'sql-db-opened-per-request'],
    [['golang.org/x/net/http2.(*Framer).ReadFrame', 'google.golang.org/grpc/internal/transport.(*http2Client).reader'], {}, 'grpc-clientconn-not-closed'],
    [['runtime.selectgo', 'context.propagateCancel.func1'], { class: 'select' }, 'context-never-cancelled'],
    [['runtime.selectgo', 'context.(*cancelCtx).propagateCancel.func2'], { class: 'select' }, 'context-never-cancelled'],
    [['time.Sleep', 'main.pollStatus'], { class: 'sleep' }, 'sleep-polling-loop'],
    [['runtime.selectgo', 'main.(*Agent).tickLoop'], { class: 'select', function: 'main.(*Agent).tickLoop' }, 'ticker-loop-never-stopped'],
    [['internal/poll.runtime_pollWait', 'net/http.(*conn).serve'], { count: 500 }, 'http-server-idle-or-slow-clients'],
  ] as const)('%j → %s', (functions, extra, expected) => {
    expect(name(subject([...functions], extra as Partial<PatternSubject>))).toBe(expected);
  });

  it('respects class, minCount and location', () => {
    expect(name(subject(['time.Sleep', 'main.pollStatus'], { class: 'select' }))).toBeNull();
    expect(name(subject(['internal/poll.runtime_pollWait', 'net/http.(*conn).serve'], { count: 20 }))).toBeNull();
    // a handler blocked in its own I/O under conn.serve is not an idle client
    expect(name(subject(['internal/poll.runtime_pollWait', 'main.handler', 'net/http.(*conn).serve'], { count: 500, function: 'main.handler' }))).toBeNull();
  });
});

describe('user pattern files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'fd-patterns-'));

  it('reads YAML and JSON, list or {patterns:[...]}', () => {
    const y = path.join(dir, 'mine.yaml');
    writeFileSync(y, 'patterns:\n  - name: kafka-consumer\n    match: { function: "^github\\\\.com/acme/kafka\\\\.", class: [select] }\n    cause: consumer per message\n    fix: reuse the consumer\n');
    const j = path.join(dir, 'mine.json');
    writeFileSync(j, JSON.stringify([{ name: 'j', match: { location: '(?i)WORKER' }, cause: 'c', fix: 'f' }]));
    const [k] = compilePatterns(loadPatternFile(y), y);
    expect(k.name).toBe('kafka-consumer');
    expect(matchPattern([k], subject(['github.com/acme/kafka.(*C).run'], { class: 'select' }))?.name).toBe('kafka-consumer');
    expect(matchPattern([k], subject(['github.com/acme/kafka.(*C).run'], { class: 'io-wait' }))).toBeNull();
    const [jp] = compilePatterns(loadPatternFile(j), j);
    expect(matchPattern([jp], subject(['main.worker']))?.name).toBe('j');
  });

  it('reject bad entries with a message that names the entry', () => {
    expect(() => compilePatterns([{ name: 'x', match: { function: '(' }, cause: 'c', fix: 'f' }])).toThrow(/entry 1 \(x\): match.function is not a valid regular expression/);
    expect(() => compilePatterns([{ name: 'x', match: { function: 'a', class: 'blocked' }, cause: 'c', fix: 'f' }])).toThrow(PatternError);
    expect(() => compilePatterns([{ name: 'x', match: {}, cause: 'c', fix: 'f' }])).toThrow(/needs 'function' or 'location'/);
    expect(() => compilePatterns([{ name: 'x', match: { function: 'a' }, fix: 'f' }])).toThrow(/'cause' is required/);
    expect(() => loadPatternFile(path.join(dir, 'missing.yaml'))).toThrow(/cannot read patterns file/);
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: [unclosed');
    expect(() => loadPatternFile(bad)).toThrow(PatternError);
  });
});
