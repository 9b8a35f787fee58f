import { printErr } from './output.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * SIGINT/SIGTERM/SIGHUP abort the controller, saying once per signal what happens now (`what`);
 * a second signal aborts `hurry` (tools killed at once, no node cleanup, the partial report still
 * written); a third ends fleet-diag on the spot (exit 130). Returns the function that stops listening.
 */
export function onSignals(controller: AbortController, what: string, hurry?: AbortController): () => void {
  stopEarlySignalExit();
  let n = 0;
  const handler = (sig: NodeJS.Signals) => {
    n++;
    if (n === 1) {
      printErr(`fleet-diag: ${sig} received: ${what} (again to stop at once)\n`);
      controller.abort();
    } else if (n === 2 && hurry) {
      printErr(`fleet-diag: ${sig} received again: stopping now (tools killed, nodes not cleaned up: their collectors end at --timeout); writing the partial report (again to quit without it)\n`);
      hurry.abort();
    } else {
      printErr(`fleet-diag: ${sig} received again: quitting\n`);
      process.exit(130);
    }
  };
  for (const s of SIGNALS) process.on(s, handler);
  return () => {
    for (const s of SIGNALS) process.off(s, handler);
  };
}

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
