import { printErr } from './output.js';

/**
 * SIGINT/SIGTERM/SIGHUP abort the controller, saying once per signal what happens now (`what`);
 * returns the function that stops listening.
 */
export function onSignals(controller: AbortController, what: string): () => void {
  let n = 0;
  const handler = (sig: NodeJS.Signals) => {
    n++;
    printErr(`fleet-diag: ${sig} received: ${what}${n > 1 ? ' (again: please wait)' : ''}\n`);
    controller.abort();
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}
