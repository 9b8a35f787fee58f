// A stand-in for a Go service's net/http/pprof on 127.0.0.1: enough for the collector to take a
// sample (debug=1, the binary profile is refused, debug=2), so a local-connection run can be ok.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const DEBUG1 = 'goroutine profile: total 3\n3 @ 0x1\n#\t0x1\tmain.work+0x1\t/src/app/main.go:10\n\n';
const DEBUG2 = 'goroutine 1 [running]:\nmain.work()\n\t/src/app/main.go:10 +0x1\n';

export async function startPprofStub(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/debug/pprof/goroutine?debug=1') res.end(DEBUG1);
    else if (req.url === '/debug/pprof/goroutine?debug=2') res.end(DEBUG2);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
  };
}
