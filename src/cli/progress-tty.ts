import type { ProgressEvent } from '../collect/executor.js';
import type { Progress } from './progress.js';
import { terminalLine } from './output.js';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (e: Error) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Live progress on a terminal (listr2): one line per stage, the collect stage listing hosts as
 * they finish. Driven by the same events as the plain log lines.
 */
export async function ttyProgress(): Promise<Progress> {
  const { Listr } = await import('listr2');
  // Text set before listr2 starts a stage's task is kept and shown when it starts.
  const stages = ['Read inventory', 'Collect', 'Analyze and report'].map((title) => {
    const s = { title, d: deferred(), pendingOutput: '', pendingTitle: '', output: (t: string) => { s.pendingOutput = t; }, setTitle: (t: string) => { s.pendingTitle = t; } };
    return s;
  });
  let current = -1;
  const done = new Set<string>();
  let failed = 0;
  let total = 0;
  // listr2 keeps every output line in the bar: a status polled again is shown once per change.
  let waiting = '';
  const list = new Listr(
    stages.map((s) => ({
      title: s.title,
      task: async (_ctx: unknown, task: { output: string; title: string }) => {
        s.output = (text: string) => {
          task.output = text;
        };
        s.setTitle = (text: string) => {
          task.title = text;
        };
        if (s.pendingTitle) task.title = s.pendingTitle;
        if (s.pendingOutput) task.output = s.pendingOutput;
        await s.d.promise;
      },
      rendererOptions: { persistentOutput: false, outputBar: 6 },
    })),
    { concurrent: false, exitOnError: true, rendererOptions: { collapseSubtasks: false }, registerSignalListeners: false },
  );
  const running = list.run().catch(() => undefined);
  const advance = (to: number) => {
    while (current < to) {
      if (current >= 0) stages[current].d.resolve();
      current++;
    }
  };
  return {
    stage(raw: string) {
      const text = terminalLine(raw);
      if (/^reading inventory/.test(text)) advance(0);
      else if (/^collecting/.test(text)) {
        advance(1);
        const m = /from (\d+) hosts/.exec(text);
        total = m ? Number(m[1]) : 0;
        stages[1].setTitle(`Collect: ${text.replace(/^collecting /, '')}`);
      } else if (/^analyzing/.test(text)) advance(2);
      stages[Math.max(0, current)].output(text);
    },
    pass(pass: number, hosts: string[]) {
      if (pass > 1) stages[1].output(`retry pass ${pass - 1}: ${hosts.length} host(s)`);
      waiting = '';
    },
    event(e: ProgressEvent) {
      // Host names and node messages are data: one line each, no control character (output.ts).
      if (e.kind === 'unreachable' || e.kind === 'failed') {
        if (e.kind === 'unreachable' || e.final) failed++;
        stages[1].output(terminalLine(`${e.host}: ${e.kind}: ${e.message.split('\n')[0].slice(0, 120)}`));
      } else if (e.kind === 'collected') {
        done.add(e.host);
        stages[1].output(terminalLine(`${done.size}/${total} hosts answered${failed ? `, ${failed} failed` : ''}; last: ${e.host}`));
      } else if (e.kind === 'waiting') {
        const text = `waiting for sampling windows (${done.size}/${total} done)`;
        if (text !== waiting) stages[1].output((waiting = text));
      }
    },
    async finish(err?: Error) {
      if (err) stages[Math.max(0, current)].d.reject(err);
      else advance(stages.length);
      await running;
    },
  };
}
