import { describe, expect, it } from 'vitest';
import { locate } from '../../../src/analysis/location.js';
import { codeKind, packagePath } from '../../../src/analysis/go-package.js';
import { frames } from './helpers.js';

describe('packagePath and codeKind', () => {
  it.each([
    ['net/http.(*conn).serve', 'net/http', 'std'],
    ['internal/poll.runtime_pollWait', 'internal/poll', 'std'],
    ['sync.(*WaitGroup).Wait', 'sync', 'std'],
    ['runtime.gopark', 'runtime', 'runtime'],
    ['internal/runtime/syscall.Syscall6', 'internal/runtime/syscall', 'runtime'],
    ['main.main.func1', 'main', 'app'],
    ['myservice/internal/store.(*DB).Get', 'myservice/internal/store', 'app'],
    ['github.com/acme/svc/api.(*H).Serve', 'github.com/acme/svc/api', 'app'],
    ['golang.org/x/net/http2.(*Framer).ReadFrame', 'golang.org/x/net/http2', 'library'],
    ['google.golang.org/grpc/internal/transport.(*http2Client).reader', 'google.golang.org/grpc/internal/transport', 'library'],
    ['gopkg.in/yaml%2ev3.(*parser).parse', 'gopkg.in/yaml%2ev3', 'library'],
    ['vendor/golang.org/x/net/http2/hpack.(*Decoder).Write', 'vendor/golang.org/x/net/http2/hpack', 'std'],
    ['github.com/acme/svc.Map[...].Get', 'github.com/acme/svc', 'app'],
  ] as const)('%s → %s (%s)', (func, pkg, kind) => {
    expect(packagePath(func)).toBe(pkg);
    expect(codeKind(func)).toBe(kind);
  });
});

describe('locate', () => {
  it('skips runtime and standard library to the first application frame', () => {
    const fs = frames(
      'runtime.gopark /usr/local/go/src/runtime/proc.go:398',
      'internal/poll.runtime_pollWait /usr/local/go/src/runtime/netpoll.go:343',
      'net.(*conn).Read /usr/local/go/src/net/net.go:179',
      'main.readAll /home/dev/go/src/example.com/app/main.go:42',
      'main.main /home/dev/go/src/example.com/app/main.go:12',
    );
    expect(locate(fs)).toEqual({ location: 'example.com/app/main.go:42', function: 'main.readAll' });
  });

  it('skips well-known libraries when application code lies further out', () => {
    const fs = frames(
      'runtime.selectgo /usr/local/go/src/runtime/select.go:327',
      'google.golang.org/grpc.(*ClientConn).WaitForStateChange /root/go/pkg/mod/google.golang.org/grpc@v1.60.0/clientconn.go:740',
      'golang.org/x/sync/errgroup.(*Group).Go.func1 /root/go/pkg/mod/golang.org/x/sync@v0.5.0/errgroup/errgroup.go:75',
      'github.com/acme/svc/rpc.(*Pool).watch /src/svc/rpc/pool.go:55',
    );
    expect(locate(fs)).toEqual({ location: '/src/svc/rpc/pool.go:55'.replace('/src/', ''), function: 'github.com/acme/svc/rpc.(*Pool).watch' });
  });

  it('falls back to the library entry point when there is no application frame', () => {
    const fs = frames(
      'internal/poll.runtime_pollWait /usr/local/go/src/runtime/netpoll.go:343',
      'net.(*conn).Read /usr/local/go/src/net/net.go:179',
      'golang.org/x/net/http2.(*Framer).ReadFrame /root/go/pkg/mod/golang.org/x/net@v0.19.0/http2/frame.go:498',
      'google.golang.org/grpc/internal/transport.(*http2Client).reader /root/go/pkg/mod/google.golang.org/grpc@v1.60.0/internal/transport/http2_client.go:1596',
    );
    expect(locate(fs)).toEqual({
      location: 'google.golang.org/grpc@v1.60.0/internal/transport/http2_client.go:1596',
      function: 'google.golang.org/grpc/internal/transport.(*http2Client).reader',
    });
  });

  it('falls back to the standard-library entry point, not the poller, for stdlib-only goroutines', () => {
    const fs = frames(
      'runtime.gopark /usr/local/go/src/runtime/proc.go:398',
      'internal/poll.runtime_pollWait /usr/local/go/src/runtime/netpoll.go:343',
      'net.(*conn).Read /usr/local/go/src/net/net.go:179',
      'net/http.(*persistConn).readLoop /usr/local/go/src/net/http/transport.go:2118',
      'runtime.goexit /usr/local/go/src/runtime/asm_amd64.s:1650',
    );
    expect(locate(fs)).toEqual({ location: 'net/http/transport.go:2118', function: 'net/http.(*persistConn).readLoop' });
  });

  it('names runtime-only goroutines by the frame past the parking machinery, and copes with none', () => {
    expect(locate(frames('runtime.gopark runtime/proc.go:398', 'runtime.goparkunlock runtime/proc.go:404', 'runtime.bgsweep runtime/mgcsweep.go:276'))).toEqual({
      location: 'runtime/mgcsweep.go:276',
      function: 'runtime.bgsweep',
    });
    expect(locate(frames('runtime.gopark runtime/proc.go:398', 'runtime.(*scavengerState).park runtime/mgcscavenge.go:425', 'runtime.bgscavenge runtime/mgcscavenge.go:653')).function).toBe('runtime.bgscavenge');
    expect(locate(frames('runtime.gopark runtime/proc.go:398')).function).toBe('runtime.gopark');
    expect(locate(frames('panic runtime/panic.go:551', 'main.crash /app/main.go:3')).function).toBe('main.crash');
    expect(locate([])).toEqual({ location: '?', function: '?' });
  });

  it('shows Windows and module-cache paths without the machine prefix', () => {
    const fs = frames('main.handle C:\\Users\\me\\go\\src\\example.com\\app\\main.go:7');
    expect(locate(fs).location).toBe('example.com/app/main.go:7');
    expect(locate(frames('github.com/acme/lib.Run /home/u/go/pkg/mod/github.com/acme/lib@v1.2.3/run.go:9')).location).toBe(
      'github.com/acme/lib@v1.2.3/run.go:9',
    );
  });

  it('honours extra library prefixes', () => {
    const fs = frames('github.com/acme/kit.Loop /k/kit.go:3', 'github.com/acme/svc.Start /s/svc.go:8');
    expect(locate(fs).function).toBe('github.com/acme/kit.Loop');
    expect(locate(fs, ['github.com/acme/kit']).function).toBe('github.com/acme/svc.Start');
  });
});
