import { describe, expect, it } from 'vitest';
import { parseHeader } from '../../../src/profile/header.js';
import { parseLabels, labelsKey } from '../../../src/profile/labels.js';

const base = { waitMinutes: 0, lockedToThread: false, leaked: false, labels: null };

describe('parseHeader', () => {
  it.each([
    ['goroutine 1 [running]:', { id: 1, state: 'running' }],
    ['goroutine 7 [chan receive, 15 minutes]:', { id: 7, state: 'chan receive', waitMinutes: 15 }],
    ['goroutine 8 [sleep, 1 minutes]:', { id: 8, state: 'sleep', waitMinutes: 1 }],
    ['goroutine 9 [select, locked to thread]:', { id: 9, state: 'select', lockedToThread: true }],
    ['goroutine 9 [select, 6 minutes, locked to thread]:', { id: 9, state: 'select', waitMinutes: 6, lockedToThread: true }],
    ['goroutine 3 [semacquire]:', { id: 3, state: 'semacquire' }],
    ['goroutine 3 [sync.Mutex.Lock]:', { id: 3, state: 'sync.Mutex.Lock' }],
    ['goroutine 4 [chan send (nil chan)]:', { id: 4, state: 'chan send (nil chan)' }],
    ['goroutine 4 [select (no cases)]:', { id: 4, state: 'select (no cases)' }],
    ['goroutine 2 [force gc (idle)]:', { id: 2, state: 'force gc (idle)' }],
    ['goroutine 5 gp=0xc000003500 m=nil [chan receive]:', { id: 5, state: 'chan receive' }],
    ['goroutine 6 gp=0xc0000036c0 m=0 mp=0x579480 [running]:', { id: 6, state: 'running' }],
    ['goroutine 10 [chan send (leaked)]:', { id: 10, state: 'chan send', leaked: true }],
    ['goroutine 10 [chan receive (leaked), 3 minutes]:', { id: 10, state: 'chan receive', leaked: true, waitMinutes: 3 }],
    ['goroutine 1 [running]{k: "v"}:', { id: 1, state: 'running', labels: { k: 'v' } }],
    ['goroutine 1234 [select, 2 minutes]{"service": "users", "priority": "background"}:', { id: 1234, state: 'select', waitMinutes: 2, labels: { service: 'users', priority: 'background' } }],
    ['goroutine 1 [running labels:{"foobar": "baz"}]:', { id: 1, state: 'running', labels: { foobar: 'baz' } }],
    ['goroutine 1 [select, 2 minutes, labels:{"a": "x, y]", "b": "\\"q\\""}]:', { id: 1, state: 'select', waitMinutes: 2, labels: { a: 'x, y]', b: '"q"' } }],
    ['goroutine 9707990 [running]:  ', { id: 9707990, state: 'running' }],
    ['goroutine 1 [running]', { id: 1, state: 'running' }],
  ])('%s', (line, want) => {
    expect(parseHeader(line)).toEqual({ ...base, ...want });
  });

  it.each([
    'goroutine profile: total 3',
    'goroutine running on other thread; stack unavailable',
    'goroutine 1',
    'goroutine x [running]:',
    'goroutine 1 was [running]:',
    'goroutine 1 [running',
    'goroutine 1 [running]: and then some',
    'goroutines 1 [running]:',
  ])('not a header: %s', (line) => {
    expect(parseHeader(line)).toBeNull();
  });

  it('reads a header glued to other text at an offset', () => {
    const line = 'dumping all stacksgoroutine 1 [running]:';
    expect(parseHeader(line, line.indexOf('goroutine '))).toMatchObject({ id: 1, state: 'running' });
  });
});

describe('parseLabels', () => {
  it('reads JSON from debug=1', () => {
    expect(parseLabels('{"test_label":"test_value", "b":"2"}')).toEqual({ test_label: 'test_value', b: '2' });
  });
  it('reads bare keys and Go escapes', () => {
    expect(parseLabels('{k: "v", path: "/a\\x2fb", nl: "a\\nb", u: "\\u00e9", o: "\\101"}')).toEqual({ k: 'v', path: '/a/b', nl: 'a\nb', u: 'é', o: 'A' });
  });
  it('reads bare values', () => {
    expect(parseLabels('{k: v, n: 3}')).toEqual({ k: 'v', n: '3' });
  });
  it('null for empty or unreadable maps', () => {
    expect(parseLabels('{}')).toBeNull();
    expect(parseLabels('nope')).toBeNull();
  });
  it('keeps __proto__ as data', () => {
    const l = parseLabels('{"__proto__": "x"}')!;
    expect(Object.keys(l)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(l)).toBe(Object.prototype);
  });
  it('labelsKey does not depend on key order', () => {
    expect(labelsKey({ a: '1', b: '2' })).toBe(labelsKey({ b: '2', a: '1' }));
    expect(labelsKey(null)).toBe('');
  });
});
