// Prometheus text exposition for node_exporter's textfile collector, written atomically
// (temp file + rename) so the collector never reads half a file.
import type { Report } from '../report/types.js';
import { writeFileAtomic } from '../core/atomic-write.js';

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

interface Metric {
  name: string;
  help: string;
  samples: { labels: Record<string, string>; value: number }[];
}

function render(metrics: Metric[]): string {
  const out: string[] = [];
  for (const m of metrics) {
    out.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} gauge`);
    for (const s of m.samples) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${esc(v)}"`).join(',');
      out.push(`${m.name}${labels ? `{${labels}}` : ''} ${Number.isFinite(s.value) ? s.value : 'NaN'}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Metrics of one run. Hosts not collected only report fleet_diag_collect_success 0 (no stale numbers). */
export function promText(report: Report, failedHosts: readonly string[] = []): string {
  const ok = report.hosts.filter((h) => h.status === 'ok');
  const m = (name: string, help: string): Metric => ({ name, help, samples: [] });
  const goroutines = m('fleet_diag_goroutines', 'Goroutines in the Go service on the host (last sample).');
  const threads = m('fleet_diag_threads', 'OS threads of the Go service on the host.');
  const sockets = m('fleet_diag_sockets', 'TCP sockets on the host by state (netstat names).');
  const leaking = m('fleet_diag_leaking_groups', 'Stack groups judged leaking on the host.');
  const suspect = m('fleet_diag_suspect_groups', 'Stack groups judged suspect on the host.');
  const verdict = m('fleet_diag_verdict', 'Host verdict: 0 healthy, 1 suspect, 2 leaking, -1 unknown.');
  const heap = m('fleet_diag_heap_inuse_bytes', 'Heap in use of the Go service (runtime.MemStats.HeapInuse, last sample).');
  const stack = m('fleet_diag_stack_inuse_bytes', 'Goroutine stacks of the Go service (runtime.MemStats.StackInuse, last sample).');
  const pause = m('fleet_diag_gc_pause_seconds', 'GC stop-the-world pause over the recent GC cycles (runtime.MemStats.PauseNs), by quantile.');
  const success = m('fleet_diag_collect_success', '1 when the host was collected in the last run, else 0.');
  const last = m('fleet_diag_last_run_timestamp_seconds', 'When the last run finished (Unix time).');
  const duration = m('fleet_diag_run_duration_seconds', 'How long the last run took.');
  const V = { healthy: 0, suspect: 1, leaking: 2, unknown: -1 } as const;
  for (const h of ok) {
    const host = { host: h.host };
    if (h.goroutines !== null) goroutines.samples.push({ labels: host, value: h.goroutines });
    if (h.threads !== null) threads.samples.push({ labels: host, value: h.threads });
    for (const [state, n] of Object.entries(h.sockets ?? {}).sort()) sockets.samples.push({ labels: { host: h.host, state }, value: n });
    leaking.samples.push({ labels: host, value: h.groups.filter((g) => g.leaking).length });
    suspect.samples.push({ labels: host, value: h.groups.filter((g) => !g.leaking && g.verdict === 'suspect').length });
    verdict.samples.push({ labels: host, value: V[h.verdict] });
    const mem = h.memory;
    if (mem?.heapInuse != null) heap.samples.push({ labels: host, value: mem.heapInuse });
    if (mem?.stackInuse != null) stack.samples.push({ labels: host, value: mem.stackInuse });
    if (mem?.gcPause) {
      for (const [quantile, ms] of [['0.5', mem.gcPause.p50Ms], ['0.99', mem.gcPause.p99Ms], ['1', mem.gcPause.maxMs]] as const) {
        pause.samples.push({ labels: { host: h.host, quantile }, value: ms / 1000 });
      }
    }
  }
  const seen = new Set<string>();
  for (const h of report.hosts) {
    seen.add(h.host);
    success.samples.push({ labels: { host: h.host }, value: h.status === 'ok' ? 1 : 0 });
  }
  for (const h of failedHosts) if (!seen.has(h)) success.samples.push({ labels: { host: h }, value: 0 });
  const finished = Date.parse(report.run.finishedAt);
  last.samples.push({ labels: {}, value: finished / 1000 });
  duration.samples.push({ labels: {}, value: Math.max(0, (finished - Date.parse(report.run.startedAt)) / 1000) });
  return render([goroutines, threads, sockets, leaking, suspect, verdict, heap, stack, pause, success, last, duration]);
}

/** When a whole run failed: every known host is unsuccessful, nothing else is claimed. */
export function promFailureText(hosts: readonly string[], at: Date): string {
  return render([
    { name: 'fleet_diag_collect_success', help: '1 when the host was collected in the last run, else 0.', samples: hosts.map((h) => ({ labels: { host: h }, value: 0 })) },
    { name: 'fleet_diag_last_run_timestamp_seconds', help: 'When the last run finished (Unix time).', samples: [{ labels: {}, value: at.getTime() / 1000 }] },
  ]);
}

export async function writeProm(file: string, text: string): Promise<void> {
  await writeFileAtomic(file, text);
}
