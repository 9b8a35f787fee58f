// Writes N per-host results as playbooks/collect.yml leaves them (<host>.json), each a collector's
// output built from real dumps in test/fixtures/dumps: three samples, a debug=1 profile each,
// the binary profile and debug=2 stacks on the last, thread and socket counts; one host in
// twenty unreachable, one in fifty with a service that did not answer. Deterministic.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const dumps = path.resolve(import.meta.dirname, '../../test/fixtures/dumps');
const read = (f: string) => readFileSync(path.join(dumps, f));

/** Real dump sets: per service, a debug=1 profile, debug=2 stacks and a binary profile (when the corpus has one). */
const SETS = [
  { debug1: read('go119-debug1.txt'), debug2: read('go119-debug2.txt'), pprof: read('go119-pprof-goroutine.pb.gz') },
  { debug1: read('go121-debug1-trimpath-modver-generics-fleetdiag.txt'), debug2: read('go121-debug2-waitminutes-lockedthread-fleetdiag.txt'), pprof: null },
  { debug1: read('go115-debug1-labels-felixge.txt'), debug2: read('go115-waitminutes-gostackparse.txt'), pprof: null },
  { debug1: read('go125-debug1-concatenated-cyrillic-paths-fleetdiag.txt'), debug2: read('go125-debug2-windows-mutexlock-fleetdiag.txt'), pprof: null },
];

const b64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\n');
const totalOf = (d: Buffer) => Number(/total (\d+)/.exec(d.subarray(0, 200).toString())?.[1] ?? 0);

/** One set's collector output, encoded once: hosts of a set share it (only names and times differ). */
function output(set: (typeof SETS)[number], samples: number, t0: number): string {
  const lines = [`@@fd hello 1 samples=${samples} interval=5`, '@@fd pid 4242'];
  const d1 = b64(gzipSync(set.debug1));
  for (let i = 0; i < samples; i++) {
    lines.push(`@@fd sample ${i} ${t0 + i * 5000}`, `@@fd total ${i} ${totalOf(set.debug1)}`, `@@fd file debug1 ${i} gz`, d1, '@@fd end');
    lines.push(`@@fd threads ${i} 12`, `@@fd sockets ${i} ss ESTAB=4 LISTEN=2 TIME-WAIT=7`);
    if (i === samples - 1) {
      if (set.pprof) lines.push(`@@fd file pprof ${i} raw`, b64(set.pprof), '@@fd end');
      lines.push(`@@fd file debug2 ${i} gz`, b64(gzipSync(set.debug2)), '@@fd end');
    }
  }
  lines.push('@@fd done');
  return `${lines.join('\n')}\n`;
}

export function generate(dir: string, hosts: number, samples = 3): { bytes: number } {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const outputs = SETS.map((s) => output(s, samples, t0));
  let bytes = 0;
  for (let k = 0; k < hosts; k++) {
    const host = `node-${String(k).padStart(4, '0')}.example.com`;
    const base = { host, storedAt: '2026-01-01T00:01:00Z', limit: null, settings: { samples, interval_s: 5, timeout_s: 20, cap: 10000, full: 0 }, job: { awx_job_id: 1000 + (k % 4), awx_user_name: 'bench' } };
    const r = k % 20 === 7
      ? { ...base, unreachable: true, failed: false, rc: null, msg: 'Failed to connect to the host via ssh: Connection timed out', stdout: '' }
      : k % 50 === 13
        ? { ...base, unreachable: false, failed: false, rc: 0, msg: '', stdout: `@@fd hello 1 samples=${samples} interval=5\n@@fd sample 0 ${t0}\n@@fd error 0 fetch http://127.0.0.1:6060/debug/pprof/goroutine failed: curl: (7) Failed to connect\n@@fd done\n` }
        : { ...base, unreachable: false, failed: false, rc: 0, msg: '', stdout: outputs[k % outputs.length] };
    const text = JSON.stringify(r);
    bytes += text.length;
    writeFileSync(path.join(dir, `${host}.json`), text);
  }
  return { bytes };
}
