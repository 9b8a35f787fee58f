import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/exit-codes.js';
import { judgeHosts } from '../executors/ansible/judge.js';
import type { RunEvent } from '../collect/run-events.js';
import { TASKS } from '../collect/run-events.js';
import { assembleReport, type HostEntry } from '../report/assemble.js';
import { storeArtifacts } from '../collect/store.js';
import { writeReport } from './write-report.js';
import type { Report } from '../report/types.js';
import { makeRunDir } from './run-dir.js';
import { MAX_OUTPUT, mb } from '../collect/limits.js';

/** A stored result holds one node's output (at most MAX_OUTPUT) and a few words: anything larger is not one. */
const MAX_RESULT_FILE = MAX_OUTPUT + 16 * 1024 * 1024;

/** One `<host>.json` left by playbooks/collect.yml's store task. */
interface StoredResult {
  host: string;
  unreachable?: boolean;
  failed?: boolean;
  rc?: number | null;
  msg?: string;
  stdout?: string;
}

/**
 * `aggregate DIR...`: what playbooks/collect.yml left (AWX, Semaphore) ─► the same report as `run`.
 * Each stored result is read as the event our callback would have written, then judged the same way.
 */
export async function aggregateDirs(dirs: string[], out: string | undefined, command: string): Promise<{ report: Report; runDir: string }> {
  const events: RunEvent[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = (await fs.readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    } catch {
      throw new UserError(`aggregate: cannot read directory ${dir}`);
    }
    for (const name of names) {
      let r: StoredResult;
      const file = path.join(dir, name);
      const size = await fs.stat(file).then((st) => st.size, () => 0);
      if (size > MAX_RESULT_FILE) throw new UserError(`aggregate: ${file} is ${mb(size)}, more than a collector's output can be (${mb(MAX_RESULT_FILE)}): not read`);
      try {
        r = JSON.parse(await fs.readFile(file, 'utf8'));
      } catch {
        throw new UserError(`aggregate: ${path.join(dir, name)} is not JSON written by playbooks/collect.yml`);
      }
      if (!r || typeof r.host !== 'string') throw new UserError(`aggregate: ${path.join(dir, name)} has no host field`);
      events.push({
        event: r.unreachable ? 'runner_unreachable' : r.failed ? 'runner_failed' : 'runner_ok',
        ts: 0,
        host: r.host,
        task: TASKS.snapshot,
        res: { rc: r.rc ?? undefined, msg: r.msg, stdout: r.stdout },
      });
    }
  }
  const hosts = [...new Set(events.map((e) => e.host!))];
  if (hosts.length === 0) throw new UserError(`aggregate: no <host>.json results in ${dirs.join(', ')}`);
  events.push({ event: 'stats', ts: 0, hosts: {} });
  const judged = judgeHosts(events, hosts, { urlOf: () => 'the pprof URL', timeoutS: 0 });
  const { id, dir } = await makeRunDir(out);
  const entries: HostEntry[] = hosts.map((h) => ({ outcome: { ...judged.get(h)!, attempts: 1 }, pprofUrl: '' }));
  const startedAt = new Date().toISOString();
  const samples = Math.max(1, ...entries.map((e) => e.outcome.raw?.samples.length ?? 0));
  await storeArtifacts(dir, entries.map((e) => e.outcome));
  const report = await assembleReport(entries, {
    id, startedAt, command, inventory: dirs.join(','), limit: null, executor: 'ansible', ansibleVersion: null,
    samples, intervalSeconds: 0, timeoutSeconds: 0, serial: [], debug2Cap: null, passes: 1, notes: [`aggregated from ${dirs.join(', ')}`],
  }, { interrupted: false });
  await writeReport(dir, report);
  return { report, runDir: dir };
}
