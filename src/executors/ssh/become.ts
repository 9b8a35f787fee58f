// ansible_become on the ssh executor: the command line runs under `sudo -n -u USER` (never a
// password prompt: passwordless sudo, or the host fails with sudo's own words), as Ansible's
// become would run the collector task.
import { shellQuote } from '../../collect/shell-quote.js';
import type { Endpoint } from './endpoint.js';

export function withBecome(command: string, ep: Extract<Endpoint, { kind: 'ssh' }>): string {
  if (!ep.become) return command;
  return `sudo -n -H -u ${shellQuote(ep.become.user)} -- /bin/sh -c ${shellQuote(command)}`;
}
