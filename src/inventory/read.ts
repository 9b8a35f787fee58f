import { EXIT, UserError } from '../core/exit-codes.js';
import { ansibleErrorLine, runAnsibleTool, startAnsibleTool, type ToolBounds, type ToolOptions } from './ansible-cli.js';

export type HostVars = Record<string, unknown>;

export interface Inventory {
  source: string;
  /** Every host in the inventory with its merged variables (group_vars included), as Ansible sees them. */
  hosts: Map<string, HostVars>;
}

type Command = [tool: string, args: string[], opts: ToolOptions];

/** What readInventory runs; readInventoryEarly starts the very same command (results are matched by it). */
const inventoryCommand = (source: string): Command => [
  'ansible-inventory',
  ['-i', source, '--list'],
  { env: { ANSIBLE_INVENTORY_UNPARSED_FAILED: 'True' } },
];

/** What listHosts runs; likewise started early for a limit. */
const listHostsCommand = (source: string, pattern: string): Command => [
  'ansible',
  ['-i', source, '--list-hosts', '--', pattern],
  { env: { ANSIBLE_INVENTORY_UNPARSED_FAILED: 'True', ANSIBLE_LOCALHOST_WARNING: 'False' } },
];

/**
 * Starts what readInventory (and listHosts, for a limit) will run, right away: the CLI calls
 * this before it loads the rest of the run, so Ansible's start-up and Node's overlap.
 */
export function readInventoryEarly(source: string, limit?: string): void {
  startAnsibleTool(...inventoryCommand(source));
  if (limit) startAnsibleTool(...listHostsCommand(source, limit));
}

/** Reads the inventory through `ansible-inventory --list`: INI, YAML, dynamic scripts and group_vars all work. */
export async function readInventory(source: string, bounds: ToolBounds = {}): Promise<Inventory> {
  const r = await runAnsibleTool(...inventoryCommand(source), bounds);
  if (r.exitCode !== 0) throw new UserError(`inventory ${source}: ${ansibleErrorLine(r.stderr)}`, EXIT.usage);
  let data: { _meta?: { hostvars?: Record<string, HostVars> } } & Record<string, { hosts?: string[]; children?: string[] }>;
  try {
    data = JSON.parse(r.stdout);
  } catch {
    throw new UserError(`inventory ${source}: ansible-inventory printed something that is not JSON`, EXIT.ansible);
  }
  const hostvars = data._meta?.hostvars ?? {};
  const hosts = new Map<string, HostVars>();
  const visit = (group: string, seen: Set<string>) => {
    if (seen.has(group)) return;
    seen.add(group);
    const g = data[group];
    if (!g || typeof g !== 'object') return;
    for (const h of g.hosts ?? []) if (!hosts.has(h)) hosts.set(h, hostvars[h] ?? {});
    for (const c of g.children ?? []) visit(c, seen);
  };
  visit('all', new Set());
  for (const h of Object.keys(hostvars)) if (!hosts.has(h)) hosts.set(h, hostvars[h]);
  return { source, hosts };
}

/**
 * Hosts a `--limit` pattern selects, with Ansible's own pattern semantics. `known` (the
 * inventory's hosts, when at hand) tells a host whose name holds a newline from two hosts.
 */
export async function listHosts(source: string, pattern: string, known?: Promise<{ has(name: string): boolean }>, bounds: ToolBounds = {}): Promise<string[]> {
  known?.catch(() => {}); // its own reader reports its failure
  const r = await runAnsibleTool(...listHostsCommand(source, pattern), bounds);
  if (r.exitCode !== 0) throw new UserError(`--limit ${pattern}: ${ansibleErrorLine(r.stderr)}`, EXIT.usage);
  return parseHostListing(r.stdout, await known);
}

/**
 * `ansible --list-hosts` output: a header, then each host indented by four spaces. A line
 * without the indent continues the name before it (a name holding a newline); where that is
 * ambiguous, the split that names hosts of the inventory wins.
 */
export function parseHostListing(stdout: string, known?: { has(name: string): boolean }): string[] {
  const lines = stdout.split('\n').slice(1); // "  hosts (N):"
  const names: string[] = [];
  for (let i = 0; i < lines.length; ) {
    let name = lines[i].startsWith('    ') ? lines[i].slice(4) : lines[i];
    let next = i + 1;
    // Continuation lines: unindented ones always; indented ones only when that makes a known name.
    while (next < lines.length && !lines[next].startsWith('    ')) name += `\n${lines[next++]}`;
    if (known && !known.has(name)) {
      for (let j = next, joined = name; j < lines.length; j++) {
        joined += `\n${lines[j]}`;
        if (known.has(joined)) {
          name = joined;
          next = j + 1;
          break;
        }
      }
    }
    if (name.trim() !== '') names.push(name);
    i = next;
  }
  return names;
}
