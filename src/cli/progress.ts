import type { AnsibleEvent } from '../executors/ansible/events.js';
import { taskName } from '../executors/ansible/judge.js';

/**
 * Plain, timestamped progress lines on stderr: readable in CI, AWX and Semaphore logs.
 * (On a terminal the same events drive a live view; see progress-tty.ts.)
 */
export function plainProgress(write: (s: string) => void = (s) => process.stderr.write(s)) {
  const stamp = () => new Date().toISOString().slice(11, 19);
  const say = (s: string) => write(`[${stamp()}] ${s}\n`);
  let batch = 0;
  return {
    stage: (s: string) => say(s),
    pass: (pass: number, hosts: string[]) => {
      batch = 0;
      if (pass > 1) say(`retry pass ${pass - 1}: ${hosts.length} host(s): ${hosts.slice(0, 10).join(', ')}${hosts.length > 10 ? ', …' : ''}`);
    },
    event: (e: AnsibleEvent) => {
      switch (e.event) {
        case 'play_start':
          say(`batch ${++batch} started`);
          break;
        case 'runner_ok':
          if (taskName(e) !== 'fleet-diag sampling window') say(`${e.host}: collected`);
          else say(`${e.host}: sampling window started on the node`);
          break;
        case 'runner_failed':
          say(`${e.host}: failed: ${(e.res?.msg ?? '').split('\n')[0].slice(0, 200)}`);
          break;
        case 'runner_unreachable':
          say(`${e.host}: unreachable: ${(e.res?.msg ?? '').split('\n')[0].slice(0, 200)}`);
          break;
        case 'runner_retry':
          break;
        case 'stats':
          say('ansible-playbook finished');
          break;
        default:
          break;
      }
    },
  };
}
