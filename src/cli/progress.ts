import type { ProgressEvent } from '../collect/executor.js';
import type { RunHooks } from '../pipeline/run.js';
import { logLine } from './log-line.js';
import { printErr } from './output.js';

/** What every progress printer takes; `hooks` wires it into a run. */
export interface Progress {
  stage(text: string): void;
  pass(pass: number, hosts: string[]): void;
  event(e: ProgressEvent): void;
  finish(err?: Error): Promise<void>;
}

/** The run hooks that feed a printer (run, gate and watch wire it the same way). */
export function progressHooks(p: Pick<Progress, 'stage' | 'pass' | 'event'>): RunHooks {
  return { onProgress: (e) => p.event(e), onPass: (n, h) => p.pass(n, h), onStage: (s) => p.stage(s) };
}

/**
 * Plain, timestamped progress lines on stderr: readable in CI, AWX and Semaphore logs.
 * (On a terminal the same events drive a live view; see progress-tty.ts.)
 */
export function plainProgress(write: (s: string) => void = printErr): Progress {
  const say = (s: string) => write(logLine(s));
  let batch = 0;
  return {
    stage: (s: string) => say(s),
    pass: (pass: number, hosts: string[]) => {
      batch = 0;
      if (pass > 1) say(`retry pass ${pass - 1}: ${hosts.length} host(s): ${hosts.slice(0, 10).join(', ')}${hosts.length > 10 ? ', …' : ''}`);
    },
    event: (e: ProgressEvent) => {
      switch (e.kind) {
        case 'batch':
          say(`batch ${++batch} started`);
          break;
        case 'window-started':
          say(`${e.host}: sampling window started on the node`);
          break;
        case 'collected':
          say(`${e.host}: collected`);
          break;
        case 'failed':
          say(`${e.host}: failed: ${firstLine(e.message)}`);
          break;
        case 'unreachable':
          say(`${e.host}: unreachable: ${firstLine(e.message)}`);
          break;
        case 'pass-finished':
          say(`${e.by} finished`);
          break;
        default:
          break;
      }
    },
    finish: async () => {},
  };
}

const firstLine = (s: string, max = 200) => s.split('\n')[0].slice(0, max);
