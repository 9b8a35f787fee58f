// A directory as playbooks/collect.yml leaves it for one host whose only sample is a dump of
// all-distinct stacks (debug=2, gzipped), for `fleet-diag aggregate DIR` (the run path's
// report building):   tsx bench/distinct/host-dir.ts DUMP DIR
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const [dump, dir] = process.argv.slice(2);
if (!dump || !dir) {
  console.error('usage: tsx bench/distinct/host-dir.ts DUMP DIR');
  process.exit(3);
}
const text = readFileSync(dump);
const total = (text.toString('latin1').match(/^goroutine /gm) ?? []).length;
const t0 = Date.parse('2026-01-01T00:00:00Z');
const b64 = gzipSync(text).toString('base64').replace(/.{76}/g, '$&\n');
const stdout = [
  '@@fd hello 1 samples=1 interval=5', '@@fd pid 4242', `@@fd sample 0 ${t0}`, `@@fd total 0 ${total}`,
  '@@fd file debug2 0 gz', b64, '@@fd end', '@@fd threads 0 40', '@@fd sockets 0 ss ESTAB=4 LISTEN=2', '@@fd done',
].join('\n');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const host = 'distinct-1.example.com';
const r = { host, storedAt: '2026-01-01T00:01:00Z', limit: null, settings: { samples: 1, interval_s: 5, timeout_s: 20, cap: 1_000_000, full: 1 }, unreachable: false, failed: false, rc: 0, msg: '', stdout: `${stdout}\n` };
writeFileSync(path.join(dir, `${host}.json`), JSON.stringify(r));
console.log(`${dir}: 1 host, ${total} goroutines`);
