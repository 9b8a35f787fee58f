// One host's result as playbooks/collect.yml leaves it (<host>.json), whose only sample is the
// given debug=2 dump (gzipped), with the debug=1 profile every sample carries: for
// `fleet-diag aggregate DIR`, the run path's report building. Returns the goroutines.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const HOST = 'distinct-1.example.com';

export function writeHostResult(dump: Buffer, dir: string): number {
  const total = (dump.toString('latin1').match(/^goroutine /gm) ?? []).length;
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const debug1 = `goroutine profile: total ${total}\n${total} @ 0x1\n#\t0x1\tmain.main+0x1\t/app/main.go:1\n\n`;
  const b64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\n');
  const stdout = [
    '@@fd hello 1 samples=1 interval=5', '@@fd pid 4242', `@@fd sample 0 ${t0}`, `@@fd total 0 ${total}`,
    // Every sample has a debug=1 profile (a host without one failed); the debug=2 stacks stand for it.
    '@@fd file debug1 0 raw', b64(Buffer.from(debug1)), '@@fd end',
    '@@fd file debug2 0 gz', b64(gzipSync(dump)), '@@fd end',
    '@@fd threads 0 40', '@@fd sockets 0 ss ESTAB=4 LISTEN=2', '@@fd done',
  ].join('\n');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const r = { host: HOST, storedAt: '2026-01-01T00:01:00Z', limit: null, settings: { samples: 1, interval_s: 5, timeout_s: 20, cap: 1_000_000, full: 1 }, unreachable: false, failed: false, rc: 0, msg: '', stdout: `${stdout}\n` };
  writeFileSync(path.join(dir, `${HOST}.json`), JSON.stringify(r));
  return total;
}
