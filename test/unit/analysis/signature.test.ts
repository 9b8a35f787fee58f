import { describe, expect, it } from 'vitest';
import { groupId, signatureOf } from '../../../src/analysis/signature.js';
import { normalizeFunc, displayFile, stableFile } from '../../../src/analysis/normalize.js';
import { frames } from './helpers.js';

const idOf = (...specs: string[]) => groupId(signatureOf(frames(...specs)));

describe('normalizeFunc', () => {
  it('drops arguments and offsets, keeps receivers, spells type arguments [...]', () => {
    expect(normalizeFunc('main.(*Server).handle(0xc000010000, {0x1, 0x2})')).toBe('main.(*Server).handle');
    expect(normalizeFunc('main.main()')).toBe('main.main');
    expect(normalizeFunc('main.worker+0x1d')).toBe('main.worker');
    expect(normalizeFunc('main.(*T).M')).toBe('main.(*T).M');
    expect(normalizeFunc('example.com/x.Map[go.shape.int,go.shape.string].Get')).toBe('example.com/x.Map[...].Get');
  });
});

describe('paths', () => {
  it('displayFile removes GOPATH, GOROOT, module cache, Bazel and drive prefixes', () => {
    expect(displayFile('/home/a/go/src/github.com/acme/svc/main.go')).toBe('github.com/acme/svc/main.go');
    expect(displayFile('D:/project/src/github.com/nats-io/nats-server/server/raft.go')).toBe('github.com/nats-io/nats-server/server/raft.go');
    expect(displayFile('C:\\Program Files\\Go\\src\\sync\\mutex.go')).toBe('sync/mutex.go');
    expect(displayFile('GOROOT/src/runtime/proc.go')).toBe('runtime/proc.go');
    expect(displayFile('/root/go/pkg/mod/github.com/acme/lib@v1.2.3/src/x.go')).toBe('github.com/acme/lib@v1.2.3/src/x.go');
    expect(displayFile('main.go')).toBe('main.go');
  });
  it('stableFile is import path + base name, whatever the build layout', () => {
    expect(stableFile('github.com/acme/svc/api.(*H).get', '/home/ci/work/svc/api/get.go')).toBe('github.com/acme/svc/api/get.go');
    expect(stableFile('github.com/acme/svc/api.(*H).get', '/builds/123/svc/api/get.go')).toBe('github.com/acme/svc/api/get.go');
  });
});

describe('group ids', () => {
  const innerGopath = 'runtime.gopark /usr/local/go/src/runtime/proc.go:398';
  it('are the same across GOPATHs, module caches, build dirs and Windows drives', () => {
    const a = idOf(
      innerGopath,
      'net.(*conn).Read /usr/local/go/src/net/net.go:179',
      'github.com/acme/svc/api.(*H).get /home/alice/go/src/github.com/acme/svc/api/get.go:31',
      'github.com/acme/lib.Do /home/alice/go/pkg/mod/github.com/acme/lib@v1.0.0/do.go:9',
    );
    const b = idOf(
      'runtime.gopark C:/Go/src/runtime/proc.go:398',
      'net.(*conn).Read C:/Go/src/net/net.go:179',
      'github.com/acme/svc/api.(*H).get D:\\work\\svc\\api\\get.go:31',
      'github.com/acme/lib.Do C:\\Users\\bob\\go\\pkg\\mod\\github.com\\acme\\lib@v1.0.0\\do.go:9',
    );
    const c = idOf(
      'runtime.gopark runtime/proc.go:398',
      'net.(*conn).Read net/net.go:179',
      'github.com/acme/svc/api.(*H).get(0xc000123400,...) github.com/acme/svc/api/get.go:31',
      'github.com/acme/lib.Do github.com/acme/lib@v1.0.0/do.go:9',
    );
    expect(a).toMatch(/^[0-9a-f]{12}$/);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('are the same for debug=1 (leading runtime frames hidden) and debug=2', () => {
    const debug2 = idOf(
      'runtime.gopark /usr/local/go/src/runtime/proc.go:398',
      'runtime.chanrecv /usr/local/go/src/runtime/chan.go:583',
      'runtime.chanrecv1 /usr/local/go/src/runtime/chan.go:442',
      'main.worker /app/main.go:42',
      'runtime.goexit /usr/local/go/src/runtime/asm_amd64.s:1650',
    );
    const debug1 = idOf('main.worker /app/main.go:42');
    expect(debug1).toBe(debug2);
  });

  it('differ for a different line, and coarse mode ignores lines', () => {
    const a = frames('main.worker /app/main.go:42', 'main.main /app/main.go:9');
    const b = frames('main.worker /app/main.go:43', 'main.main /app/main.go:9');
    expect(groupId(signatureOf(a))).not.toBe(groupId(signatureOf(b)));
    expect(groupId(signatureOf(a, true))).toBe(groupId(signatureOf(b, true)));
    expect(groupId(signatureOf(a, true))).not.toBe(groupId(signatureOf(a)));
  });

  it('keep runtime-only goroutines apart from each other', () => {
    const gc = idOf('runtime.gopark runtime/proc.go:398', 'runtime.gcBgMarkWorker runtime/mgc.go:1293');
    const sweep = idOf('runtime.gopark runtime/proc.go:398', 'runtime.bgsweep runtime/mgcsweep.go:276');
    expect(gc).not.toBe(sweep);
  });
});
