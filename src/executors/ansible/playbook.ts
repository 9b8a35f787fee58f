import { Document, Scalar, type YAMLMap, type YAMLSeq, isMap, isScalar, isSeq } from 'yaml';
import type { RunPlan } from '../../plan/plan.js';
import { collectorCommand, collectorSettings, collectorTag, stopCommand } from '../../collect/collector-command.js';
import type { SerialStep } from '../../plan/serial.js';
import { roleTasksFor } from './window-mode.js';

/** The collection play: one role, no facts; everything host-specific comes from extra vars. */
export function buildPlaybook(plan: RunPlan): object[] {
  const play: Record<string, unknown> = {
    name: 'fleet-diag collect',
    hosts: 'all',
    gather_facts: false,
    any_errors_fatal: false,
    tasks: [
      {
        name: 'fleet-diag collector',
        import_role: { name: 'goroutine_snapshot', tasks_from: roleTasksFor(collectorSettings(plan.collect)) },
      },
    ],
  };
  if (plan.serial.length > 0) play.serial = plan.serial.map((s: SerialStep) => s);
  return [play];
}

export function playbookYaml(plan: RunPlan): string {
  return new Document(buildPlaybook(plan)).toString();
}

/**
 * Extra vars, with every value that came from the inventory tagged `!unsafe`: Ansible then
 * treats it as plain text and never evaluates `{{ … }}` or `{% … %}` inside it.
 */
export function extravarsYaml(plan: RunPlan, script: string): string {
  const c = plan.collect;
  const settings = collectorSettings(c);
  const hosts: Record<string, { url: string; process: string; spool: string }> = {};
  // Each host's whole collector command, rendered and quoted here rather than in Jinja per host.
  const commands: Record<string, string> = {};
  for (const t of plan.targets) {
    if (t.configError) continue;
    const tag = collectorTag(plan.runId, t.host);
    hosts[t.host] = { url: t.pprofUrl, process: t.process, spool: tag };
    commands[t.host] = collectorCommand(script, t, settings, { tag, spool: true });
  }
  const doc = new Document({
    fd_samples: c.samples,
    fd_interval_s: settings.intervalS,
    fd_timeout_s: settings.timeoutS,
    fd_cap: c.debug2Cap,
    fd_full: c.fullStacks ? 1 : 0,
    fd_poll_delay: Math.max(1, Math.min(5, Math.round(c.intervalMs / 1000))),
    fd_budget: settings.budgetS,
    fd_hosts: hosts,
    fd_cmd: commands,
    // The role's own command (its collector script read and quoted per host) is unused when
    // fd_cmd gives each host's: set empty so nothing renders it.
    fd_command: '',
  });
  markUnsafe((doc.contents as YAMLMap).get('fd_hosts', true));
  markUnsafe((doc.contents as YAMLMap).get('fd_cmd', true));
  return doc.toString();
}

/** Extra vars for the stop after an interrupt: each host's stop command (files/stop.sh with its tag), !unsafe. */
export function stopVarsYaml(runId: string, hosts: string[], stopScript: string): string {
  const stop: Record<string, string> = {};
  for (const h of hosts) stop[h] = stopCommand(stopScript, collectorTag(runId, h));
  const doc = new Document({ fd_stop: stop });
  markUnsafe((doc.contents as YAMLMap).get('fd_stop', true));
  return doc.toString();
}

function markUnsafe(node: unknown): void {
  if (isMap(node)) {
    for (const pair of node.items) markUnsafe(pair.value);
  } else if (isSeq(node)) {
    for (const item of (node as YAMLSeq).items) markUnsafe(item);
  } else if (isScalar(node) && typeof node.value === 'string') {
    node.tag = '!unsafe';
    node.type = Scalar.QUOTE_DOUBLE;
  }
}
