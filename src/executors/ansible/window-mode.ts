import type { CollectorSettings } from '../../collect/collector-command.js';

/**
 * Longest sampling window, in seconds ((samples - 1) × interval), that runs as one `raw` command
 * holding its SSH session, as the ssh executor does. A longer window runs as an async job polled
 * with async_status, so no connection has to live through it; but each start and poll is a Python
 * module shipped to every node, and the poll delay adds up to one delay after the window ends.
 * roles/goroutine_snapshot/defaults/main.yml (fd_raw_window_max_s) holds the same value.
 */
export const RAW_WINDOW_MAX_S = 60;

/** Which task file of roles/goroutine_snapshot collects: one raw command, or an async window. */
export function roleTasksFor(s: Pick<CollectorSettings, 'samples' | 'intervalS'>, rawWindowMaxS = RAW_WINDOW_MAX_S): 'oneshot' | 'window' {
  return s.samples <= 1 || (s.samples - 1) * s.intervalS <= rawWindowMaxS ? 'oneshot' : 'window';
}
