// Children started in their own process group (`detached`), so a stop reaches what they start in
// turn (ssh from ansible-playbook, a dynamic inventory script from ansible-inventory). Node does
// not end such a group when it exits: the groups still running are killed from an exit hook.
// (A SIGKILL to fleet-diag itself cannot be caught.)

const running = new Set<number>();
let hooked = false;

/** Signals the whole group; false when it is gone already. */
export function signalGroup(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, sig);
    return true;
  } catch {
    return false;
  }
}

/** Kill this group if fleet-diag exits while it runs. */
export function trackGroup(pid: number): void {
  running.add(pid);
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const p of running) signalGroup(p, 'SIGKILL');
  });
}

export function untrackGroup(pid: number): void {
  running.delete(pid);
}
