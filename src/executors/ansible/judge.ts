import { oneLine } from '../../core/one-line.js';
import type { HostOutcome } from '../../collect/host-outcome.js';
import { explainUnreachable, judgeCollectorResult, type JudgeContext } from '../../collect/judge-result.js';
import { taskName, TASKS, type RunEvent } from '../../collect/run-events.js';

/** Tasks of roles/goroutine_snapshot whose result carries the collector's output. */
const RESULT_TASKS = new Set<string>([TASKS.snapshot, TASKS.windowWait, TASKS.windowRaw]);
const ASYNC_START = TASKS.windowStart;

/**
 * Judges each host from the event stream alone: a host is ok only on a positive result
 * carrying complete collector output. Ansible's exit code decides nothing.
 */
export function judgeHosts(events: RunEvent[], hosts: string[], ctx: JudgeContext): Map<string, HostOutcome> {
  const sawStats = events.some((e) => e.event === 'stats');
  const byHost = new Map<string, RunEvent[]>();
  for (const e of events) {
    if (!e.host) continue;
    let list = byHost.get(e.host);
    if (!list) byHost.set(e.host, (list = []));
    list.push(e);
  }
  const out = new Map<string, HostOutcome>();
  for (const host of hosts) out.set(host, judgeOne(host, byHost.get(host) ?? [], sawStats, ctx));
  return out;
}

function judgeOne(host: string, evs: RunEvent[], sawStats: boolean, ctx: JudgeContext): HostOutcome {
  const warnings: string[] = [];
  const unreachable = evs.find((e) => e.event === 'runner_unreachable');
  if (unreachable) return { host, status: 'unreachable', error: unreachableReason(unreachable), raw: null, warnings };

  const asyncStart = evs.find((e) => taskName(e) === ASYNC_START && (e.event === 'runner_failed' || e.event === 'runner_ok'));
  if (asyncStart?.event === 'runner_failed') {
    warnings.push(`async job could not start (${oneLine(asyncStart.res?.msg ?? asyncStart.res?.module_stderr ?? '')}); sampled through raw instead, holding the SSH connection for the window`);
  }
  const final = [...evs].reverse().find((e) => RESULT_TASKS.has(taskName(e)) && (e.event === 'runner_ok' || e.event === 'runner_failed'));
  if (!final) {
    if (asyncStart?.event === 'runner_failed') return { host, status: 'failed', error: `could not start the collector: ${oneLine(asyncStart.res?.msg ?? '')}`, raw: null, warnings };
    const why = sawStats ? 'Ansible reported no result for this host' : 'ansible-playbook ended before this host was collected (no stats: it crashed or was stopped)';
    return { host, status: 'failed', error: why, raw: null, warnings };
  }
  return judgeCollectorResult(final.res ?? {}, host, ctx, warnings);
}

function unreachableReason(e: RunEvent): string {
  return explainUnreachable(e.res?.msg ?? 'host unreachable');
}
