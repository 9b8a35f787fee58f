import { promises as fs, watch, type FSWatcher } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import type { RunPlan } from '../../plan/plan.js';
import { ansibleConfig } from './config.js';
import { extravarsYaml, playbookYaml, stopVarsYaml } from './playbook.js';
import { startPlaybook } from './runner.js';
import { EventTail } from './events.js';
import { judgeHosts } from './judge.js';
import { progressOf } from '../../collect/event-progress.js';
import { hasGoroutines, readCollectorOutput } from '../../collect/protocol.js';
import type { HostOutcome } from '../../collect/host-outcome.js';
import type { JudgeContext } from '../../collect/judge-result.js';
import type { CollectHooks, Executor, PassRequest, PassResult } from '../../collect/executor.js';
import { taskName, TASKS, type RunEvent } from '../../collect/run-events.js';
import { ansibleErrorLine } from '../../inventory/ansible-cli.js';
import { EXIT, UserError } from '../../core/exit-codes.js';
import { childEnv } from '../../core/child-env.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { collectorSettings, loadCollectorScript, loadStopScript } from '../../collect/collector-command.js';
import { roleTasksFor } from './window-mode.js';
import { MAX_OUTPUT } from '../../collect/limits.js';
import { LauncherSlot, type PreparedLauncher } from './launcher.js';

const NO_HOSTS_MATCHED = 'not collected: ansible-playbook matched none of the hosts of this pass (was the inventory changed during the run?)';

/** Files of one run directory that describe what Ansible was asked to do. */
export async function writeRunFiles(plan: RunPlan, runDir: string, controlPathDir: string, acceptNewHostKeys = false, keptSeconds?: number, keptCfgDir?: string) {
  const files = {
    cfg: path.join(runDir, 'ansible.cfg'),
    /** The config ansible-playbook reads: the run's own, or for a watch or gate the same text at one path for all its runs (a launcher started ahead holds it). */
    activeCfg: keptCfgDir ? path.join(keptCfgDir, 'ansible.cfg') : path.join(runDir, 'ansible.cfg'),
    cfgText: '',
    playbook: path.join(runDir, 'playbook.yml'),
    extravars: path.join(runDir, 'extravars.yml'),
    events: path.join(runDir, 'events.jsonl'),
    log: path.join(runDir, 'ansible.log'),
  };
  files.cfgText = ansibleConfig({
    forks: plan.forks, controlPathDir, connectTimeout: Math.max(5, Math.min(30, Math.round(plan.collect.timeoutMs / 1000))), acceptNewHostKeys,
    // One raw task per host gains nothing from a connection kept for the run alone, only a closing
    // round of `ssh -O exit`; a watch or gate keeps them for its next run, an async window for its polls.
    persist: keptSeconds !== undefined || roleTasksFor(collectorSettings(plan.collect)) === 'window',
    persistSeconds: keptSeconds,
  });
  await fs.writeFile(files.cfg, files.cfgText);
  if (files.activeCfg !== files.cfg) await writeIfChanged(files.activeCfg, files.cfgText);
  await fs.writeFile(files.playbook, playbookYaml(plan));
  await fs.writeFile(files.extravars, extravarsYaml(plan, await loadCollectorScript()), { mode: 0o600 });
  return files;
}

/** Rewrites a kept file only when its text changes (a launcher compares its bytes). */
async function writeIfChanged(file: string, text: string): Promise<void> {
  if ((await fs.readFile(file, 'utf8').catch(() => null)) === text) return;
  await writeFileAtomic(file, text);
}

/** The environment ansible-playbook runs with, apart from the runner's own additions. */
const playbookEnv = (cfg: string, events: string, gate?: string) => ({
  ANSIBLE_CONFIG: cfg,
  FLEET_DIAG_EVENTS: events,
  FLEET_DIAG_MAX_OUTPUT: String(MAX_OUTPUT),
  ...(gate ? { FLEET_DIAG_GATE: gate } : {}),
});

/**
 * The Ansible executor: each pass is one ansible-playbook run of the generated playbook, limited
 * to the pass's hosts (the play's `serial` makes the batches). Hosts are judged from our
 * callback's events alone. After a stop, collectors already started on nodes are ended and what
 * they had spooled is kept.
 */
export async function ansibleExecutor(plan: RunPlan, runDir: string, inventory: string, hooks: CollectHooks): Promise<Executor> {
  // A watch or gate keeps one private control directory (0700, ours alone) for all its runs.
  const keeper = hooks.keeper;
  const controlPathDir = keeper
    ? await keeper.keep('ansible-control-path', async (onClose) => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fdcp-'));
      onClose(() => closeMasters(dir));
      return dir;
    })
    : await fs.mkdtemp(path.join(os.tmpdir(), 'fdcp-'));
  // A watch or gate: one config path for all its runs, and ansible-playbook started ahead for the next one.
  const kept = keeper
    ? await keeper.keep('ansible-launcher', async (onClose) => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fdcfg-'));
      const slot = new LauncherSlot();
      onClose(async () => {
        slot.close();
        await fs.rm(dir, { recursive: true, force: true });
      });
      return { dir, slot };
    })
    : null;
  const files = await writeRunFiles(plan, runDir, controlPathDir, hooks.acceptNewHostKeys, keeper?.idleSeconds, kept?.dir);
  const urlOf = (h: string) => plan.targets.find((t) => t.host === h)?.pprofUrl ?? '';
  const judge = { urlOf, timeoutS: Math.round(plan.collect.timeoutMs / 1000) };
  let toolVersion: string | null = null;
  return {
    get toolVersion() {
      return toolVersion;
    },
    async runPass(req: PassRequest): Promise<PassResult> {
      const limitFile = path.join(runDir, `limit-${req.pass}.txt`);
      await fs.writeFile(limitFile, req.hosts.join('\n') + '\n');
      const events: RunEvent[] = [];
      let r: Awaited<ReturnType<typeof runPlaybookPass>>;
      // The next run (or retry pass) of the watch finds ansible-playbook's start done: started once
      // this pass has started all its hosts (Ansible's main process then only waits for results),
      // or when it ends. Its own events file is handed over when it goes.
      let prepared = false;
      const prepareNext = () => {
        if (!kept || prepared || hooks.signal.aborted) return;
        prepared = true;
        kept.slot.prepare({ ANSIBLE_NOCOLOR: '1', PYTHONUNBUFFERED: '1', ...playbookEnv(files.activeCfg, files.events) }, files.cfgText);
      };
      try {
        r = await runPlaybookPass({ plan, runDir, inventory, files, limitFile, hooks, req, events, judge, launcher: kept?.slot.take() ?? null, onDispatched: prepareNext });
      } catch (err) {
        // The pass failed half-way (reading events, a progress hook): Ansible is stopped, and the
        // collectors it had started on nodes must not run on either.
        await stopRemoteCollectors(events, plan.runId, runDir, inventory, files, plan.forks).catch(() => undefined);
        throw err;
      }
      const stopped = r.interrupted || r.stoppedEarly !== null;
      if (!stopped) prepareNext();
      const unmatched = r.events.some((e) => e.event === 'no_hosts_matched');
      // After a second interrupt the nodes are not visited again: their collectors end at the node-side timeout.
      const spooled = stopped && !hooks.hurry?.aborted ? await stopRemoteCollectors(r.events, plan.runId, runDir, inventory, files, plan.forks, hooks.hurry) : new Map<string, string>();
      toolVersion ??= r.events.find((e) => e.event === 'playbook_start')?.ansible_version ?? null;
      const outcomes = new Map<string, HostOutcome>();
      const cutOff = new Set<string>();
      for (const [h, o] of judgeHosts(r.events, req.hosts, judge)) {
        // No result because the run was stopped: the host was cut off, not judged.
        const noResult = stopped && o.raw === null && /ended before this host|no result/.test(o.error ?? '');
        if (noResult) cutOff.add(h);
        let said = noResult && r.stoppedEarly ? { ...o, error: `not collected: ${r.stoppedEarly}` } : o;
        // A pass that matched no host still ends in a report: its hosts are failed, with why.
        if (unmatched && o.raw === null && o.status === 'failed') said = { ...said, error: NO_HOSTS_MATCHED };
        outcomes.set(h, withSpool(said, spooled.get(h), plan.collect.samples));
      }
      return { outcomes, cutOff, interrupted: r.interrupted, stoppedEarly: r.stoppedEarly };
    },
    close: () => (keeper ? Promise.resolve() : closeMasters(controlPathDir)),
  };
}

/**
 * Hosts of the batches done so far that failed, as the report will judge them: a collector that
 * ran (runner_ok) but found no pprof is a failed host for --max-fail too, not only a task that
 * failed. Each host is judged once, when the batch after its own starts.
 */
function failureCounter(judge: JudgeContext): (events: RunEvent[]) => number {
  const failed = new Map<string, boolean>();
  return (events) => {
    const fresh = [...new Set(events.filter((e) => e.host && !failed.has(e.host)).map((e) => e.host!))];
    for (const [h, o] of judgeHosts(events, fresh, judge)) failed.set(h, o.status !== 'ok');
    return [...failed.values()].filter(Boolean).length;
  };
}

/** One ansible-playbook run; between serial batches (each starts with a play_start) it asks whether to stop. */
async function runPlaybookPass(a: {
  plan: RunPlan;
  runDir: string;
  inventory: string;
  files: Awaited<ReturnType<typeof writeRunFiles>>;
  limitFile: string;
  hooks: CollectHooks;
  req: PassRequest;
  /** Filled as events arrive, so a caller whose pass failed half-way knows which hosts had started. */
  events: RunEvent[];
  judge: JudgeContext;
  launcher: PreparedLauncher | null;
  /** Called once every host of the pass has started (or the run's stats came). */
  onDispatched?: () => void;
}): Promise<{ events: RunEvent[]; interrupted: boolean; stoppedEarly: string | null }> {
  const tail = new EventTail(a.files.events);
  // Start reading where earlier passes left off.
  await tail.read();
  // When --max-fail can stop this pass, our callback holds each later batch's start until the
  // answer is in this folder: no host of a batch the threshold forbids is ever started.
  const gate = a.req.mayStop && a.req.batches.length > 1 ? path.join(a.runDir, `gate-${a.req.pass}`) : null;
  if (gate) {
    await fs.mkdir(gate, { recursive: true });
    await fs.appendFile(a.files.events, ''); // so it can be watched before Ansible writes to it
  }
  const answer = (play: number, go: boolean) => (gate ? writeFileAtomic(path.join(gate, `play-${play}`), go ? 'go\n' : 'stop\n') : Promise.resolve());
  // A held batch waits for the next read of the events: read as soon as the file grows.
  let wake = () => {};
  const watcher = gate ? watchQuietly(a.files.events, () => wake()) : null;
  const run = startPlaybook({
    cwd: a.runDir,
    inventory: a.inventory,
    playbook: a.files.playbook,
    extravarsFile: a.files.extravars,
    limitFile: a.limitFile,
    forks: a.plan.forks,
    env: playbookEnv(a.files.activeCfg, a.files.events, gate ?? undefined),
    logFile: a.files.log,
    echo: a.hooks.echo,
    launcher: a.launcher,
    cfgText: a.files.cfgText,
  });
  const events = a.events;
  let interrupted = false;
  let stoppedEarly: string | null = null;
  let stopping: Promise<void> | null = null;
  const countFailed = failureCounter(a.judge);
  const onAbort = () => {
    interrupted = true;
    stopping ??= run.stop('interrupted');
  };
  if (a.hooks.signal.aborted) onAbort();
  a.hooks.signal.addEventListener('abort', onAbort, { once: true });
  // A second interrupt: no staged stop, ansible-playbook and its ssh children are killed now.
  const onHurry = () => {
    onAbort();
    void run.kill();
  };
  if (a.hooks.hurry?.aborted) onHurry();
  a.hooks.hurry?.addEventListener('abort', onHurry, { once: true });
  let finished = false;
  const done = run.done.finally(() => {
    finished = true;
  });
  let plays = 0;
  const started = new Set<string>();
  let dispatched = false;
  const drain = async () => {
    // Every event read is kept before any is acted on: if a hook throws, the hosts whose task had
    // started are still known (their collectors are stopped).
    const from = events.length;
    events.push(...(await tail.read()));
    for (let i = from; i < events.length; i++) {
      const e = events[i];
      if (e.event === 'runner_start' && e.host) started.add(e.host);
      if (!dispatched && (started.size >= a.req.hosts.length || e.event === 'stats')) {
        dispatched = true;
        a.onDispatched?.();
      }
      const progress = progressOf(e, a.judge);
      if (progress) a.hooks.onProgress?.(progress);
      // Each serial batch starts with its own play_start: the fleet-level threshold is checked between batches.
      if (e.event === 'play_start' && ++plays > 1 && !stopping) {
        stoppedEarly = a.req.stopAfterBatch(countFailed(events.slice(0, i)));
        await answer(plays, !stoppedEarly);
        if (stoppedEarly) stopping = run.stop('max-fail');
      }
    }
  };
  try {
    while (!finished) {
      await Promise.race([done.catch(() => undefined), new Promise<void>((r) => {
        const timer = setTimeout(r, 100);
        wake = () => {
          clearTimeout(timer);
          r();
        };
      })]);
      await drain();
    }
    const { exitCode } = await done;
    await drain();
    if (stopping) await stopping;
    // ansible-playbook's exit codes are ambiguous (4: unreachable hosts, or a parse error): only
    // the events tell. No playbook_start means Ansible itself failed before running anything.
    if (!interrupted && !stoppedEarly && !events.some((e) => e.event === 'playbook_start')) {
      const log = await fs.readFile(a.files.log, 'utf8').catch(() => '');
      throw new UserError(`ansible-playbook failed before running (exit ${exitCode}): ${ansibleErrorLine(log) || 'no output'} (see ${a.files.log})`, EXIT.ansible);
    }
  } finally {
    watcher?.close();
    a.hooks.signal.removeEventListener('abort', onAbort);
    a.hooks.hurry?.removeEventListener('abort', onHurry);
    // Leaving early (an error while reading events or asking whether to stop): Ansible stops too.
    if (!finished) {
      await (stopping ?? run.stop('error'));
      // What Ansible wrote before it stopped (hosts whose task had started) is read, not processed.
      events.push(...(await tail.read().catch(() => [])));
    }
  }
  return { events, interrupted, stoppedEarly };
}

/** fs.watch, or nothing where the file cannot be watched (the 100 ms reads still come). */
function watchQuietly(file: string, onChange: () => void): FSWatcher | null {
  try {
    const w = watch(file, { persistent: false }, onChange);
    w.on('error', () => w.close());
    return w;
  } catch {
    return null;
  }
}

/**
 * After a stop, collectors already started on nodes (async jobs, raw commands whose connection
 * was cut) would run on until their node-side bound: end them, through the still-warm connections.
 * Each host runs files/stop.sh with this run's collector tag: it ends this run's collector and
 * Ansible's async wrapper around it, removes what they left, and hands back the spooled samples.
 * Another run's collector on the same host is never touched.
 */
async function stopRemoteCollectors(
  events: RunEvent[],
  runId: string,
  runDir: string,
  inventory: string,
  files: Awaited<ReturnType<typeof writeRunFiles>>,
  forks: number,
  hurry?: AbortSignal,
): Promise<Map<string, string>> {
  const spooled = new Map<string, string>();
  const touched = [...new Set(events.filter((e) => e.event === 'runner_start' && e.host).map((e) => e.host!))];
  if (touched.length === 0) return spooled;
  const limitFile = path.join(runDir, 'limit-cleanup.txt');
  const eventsFile = path.join(runDir, 'events-cleanup.jsonl');
  const stopVars = path.join(runDir, 'stopvars.yml');
  await fs.writeFile(limitFile, touched.join('\n') + '\n');
  await fs.writeFile(stopVars, stopVarsYaml(runId, touched, await loadStopScript()), { mode: 0o600 });
  await execa('ansible', ['-i', inventory, 'all', '--limit', `@${limitFile}`, '-f', String(forks), '-e', `@${stopVars}`, '-m', 'raw', '-a', '{{ fd_stop[inventory_hostname] }}'], {
    reject: false,
    stdin: 'ignore',
    timeout: 20_000,
    cancelSignal: hurry,
    extendEnv: false,
    env: childEnv({ ANSIBLE_CONFIG: files.cfg, ANSIBLE_NOCOLOR: '1', ANSIBLE_LOAD_CALLBACK_PLUGINS: '1', FLEET_DIAG_EVENTS: eventsFile, FLEET_DIAG_MAX_OUTPUT: String(MAX_OUTPUT) }),
    cwd: runDir,
  });
  for (const e of await new EventTail(eventsFile).read()) {
    if (e.event === 'runner_ok' && e.host && e.res?.stdout?.includes('@@fd hello')) spooled.set(e.host, e.res.stdout);
  }
  return spooled;
}

/** A host stopped mid-window keeps the samples its collector had spooled. */
function withSpool(o: HostOutcome, spool: string | undefined, samples: number): HostOutcome {
  if (!spool || o.raw) return o;
  const raw = readCollectorOutput(spool);
  const taken = raw.samples.filter(hasGoroutines).length;
  if (taken === 0) return o;
  return { ...o, raw, error: `stopped after ${taken} of ${samples} samples: ${o.error ?? 'interrupted'}` };
}

/** Ends this run's SSH ControlPersist masters so nothing outlives the run. */
async function closeMasters(dir: string): Promise<void> {
  try {
    const socks = await fs.readdir(dir);
    await Promise.all(
      socks.map((s) => execa('ssh', ['-O', 'exit', '-o', `ControlPath=${path.join(dir, s)}`, 'fleet-diag-cleanup'], { reject: false, stdin: 'ignore', timeout: 5000, extendEnv: false, env: childEnv() })),
    );
  } catch {
    /* nothing to close */
  }
  await fs.rm(dir, { recursive: true, force: true });
}
