// A stack's facts (printed frames, functions, location, idle shape) are worked out once per frames
// array and are what the direct computation gives; another array of equal frames gets equal facts.
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../../src/profile/types.js';
import { frameText, stackFuncs, stackIdleShape, stackLocation, stackTexts } from '../../../src/analysis/stack-facts.js';
import { locate } from '../../../src/analysis/location.js';
import { libraryIdleShape } from '../../../src/analysis/suspects/idle-shapes.js';
import { WELL_KNOWN_LIBRARIES } from '../../../src/analysis/go-package.js';

const frames: Frame[] = [
  { func: 'internal/poll.runtime_pollWait', file: '/usr/lib/go/src/runtime/netpoll.go', line: 343 },
  { func: 'net/http.(*persistConn).readLoop', file: '/usr/lib/go/src/net/http/transport.go', line: 2161 },
];
const app: Frame[] = [{ func: 'main.worker', file: '/src/app/main.go', line: 17 }, { func: 'main.main.func1', file: '/src/app/main.go', line: 30 }];

describe('stack facts', () => {
  it('are what the direct computations give', () => {
    for (const f of [frames, app]) {
      expect(stackTexts(f)).toEqual(f.map(frameText));
      expect(stackLocation(f, WELL_KNOWN_LIBRARIES)).toEqual(locate(f, WELL_KNOWN_LIBRARIES));
      expect(stackIdleShape(f)).toBe(libraryIdleShape(stackFuncs(f)));
    }
    expect(stackIdleShape(frames)).toBe('an HTTP keep-alive connection');
    expect(stackIdleShape(app)).toBeNull();
    expect(stackTexts(app)[0]).toBe('main.worker /src/app/main.go:17');
  });

  it('are kept per frames array, and per list of library prefixes', () => {
    expect(stackTexts(frames)).toBe(stackTexts(frames));
    const copy = frames.map((f) => ({ ...f }));
    expect(stackTexts(copy)).not.toBe(stackTexts(frames));
    expect(stackTexts(copy)).toEqual(stackTexts(frames));
    // another list of library prefixes (here naming the app's own package) is located anew
    const asLibrary = stackLocation(app, ['main']);
    expect(asLibrary).toEqual(locate(app, ['main']));
    expect(stackLocation(app, WELL_KNOWN_LIBRARIES)).toEqual(locate(app, WELL_KNOWN_LIBRARIES));
  });
});
