import { printErr } from './output.js';

/**
 * SIGINT/SIGTERM/SIGHUP abort the controller, saying once per signal what happens now (`what`);
 * returns the function that stops listening.
 */
export function onSignals(controller: AbortController, what: string): () => void {
  stopEarlySignalExit();
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

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let earlyExit: ((sig: NodeJS.Signals) => void) | null = null;

/**
 * Until a command listens for signals itself (onSignals), a signal ends fleet-diag at once with
 * exit 130: Node's default death would skip the exit hook that stops a tool started ahead (an
 * early inventory read in its own process group, core/process-groups.ts).
 */
export function exitOnSignalUntilListening(): void {
  if (earlyExit) return;
  earlyExit = (sig) => {
    printErr(`fleet-diag: ${sig} received: stopping\n`);
    process.exit(130);
  };
  for (const s of SIGNALS) process.on(s, earlyExit);
}

function stopEarlySignalExit(): void {
  if (!earlyExit) return;
  for (const s of SIGNALS) process.off(s, earlyExit);
  earlyExit = null;
}
