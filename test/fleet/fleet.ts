// Test fleet for vitest: wraps up.sh / down.sh / ctl.sh (network + pid namespaces, sshd, leaky service).
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const isRoot = process.getuid?.() === 0;
/** Default namespace prefix and subnet octet (FLEET_NS / FLEET_NET); fleets with others run side by side. */
export const fleetNs = process.env.FLEET_NS ?? 'fdt';
export const fleetNet = Number(process.env.FLEET_NET ?? 213);
const stateOf = (ns: string) => (ns === fleetNs && process.env.FLEET_STATE) || path.join(here, ns === 'fdt' ? '.state' : `.state-${ns}`);
export const stateDir = stateOf(fleetNs);
export const inventoryPath = path.join(stateDir, 'inventory.ini');

export type LeakKind =
  | 'none' | 'chan-receive' | 'chan-send' | 'nil-chan' | 'select' | 'select-no-cases'
  | 'mutex' | 'rwmutex' | 'waitgroup' | 'cond' | 'io-wait' | 'sleep';

/** One host. Unset keys keep the fleet defaults (no leak, pool 10, churn 5, everything up). */
export interface HostSpec {
  leak?: LeakKind | LeakKind[];
  rate?: number; initial?: number; max?: number; pool?: number; churn?: number;
  threads?: number; 'thread-rate'?: number; pprof?: string;
  service?: 'up' | 'stopped' | 'hung' | 'on' | 'off';
  sshd?: 'up' | 'stopped' | 'on' | 'off';
  net?: 'up' | 'down';
  python?: 'yes' | 'none';
  /** Extra inventory variables for this host. */
  vars?: Record<string, string | number>;
  /** Any other leaky flag. */
  [flag: string]: unknown;
}

export interface FleetOptions {
  /** Namespace prefix (default FLEET_NS or fdt) and third octet of 10.X.0.0/24 (default FLEET_NET or 213). */
  ns?: string;
  net?: number;
  /** Spec for every host, before the host's own. */
  defaults?: HostSpec;
}

export interface FleetHost {
  name: string; address: string; netns: string; pprof: string; initPid: number; dir: string; args: string[];
  service: string; sshd: string; net: string; python: string;
}

export type Action =
  | 'stop-service' | 'start-service' | 'hang-service' | 'resume-service'
  | 'stop-sshd' | 'start-sshd' | 'net-down' | 'net-up';

export interface Fleet {
  inventoryPath: string;
  hosts: string[];
  details: FleetHost[];
  stateDir: string;
  /** Controller namespace: run ansible, ssh and fleet-diag with `ip netns exec <ctl> …`. */
  ctl: string;
  keyPath: string;
  knownHostsPath: string;
  /** ssh -F sshConfigPath h1 … works from the controller namespace. */
  sshConfigPath: string;
  /** Run a shell command inside one host's namespaces (pid namespace included); stdout, throws on failure. */
  exec(host: string, cmd: string): Promise<string>;
  /** Run a command on a host through real SSH from the controller namespace (never throws). */
  ssh(host: string, cmd: string): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  /** Inject or clear a fault on a running host. */
  act(host: string, action: Action): Promise<void>;
  stop(): Promise<void>;
}

const envFor = (ns: string, net: number) => ({ FLEET_NS: ns, FLEET_NET: String(net), FLEET_STATE: stateOf(ns) });

function specArg(s: HostSpec): string {
  return Object.entries(s)
    .filter(([, v]) => v !== undefined)
    .flatMap(([k, v]) => {
      if (k === 'vars') return Object.entries(v as Record<string, unknown>).map(([n, x]) => `var.${n}:${x}`);
      return [`${k}:${Array.isArray(v) ? v.join('+') : v}`];
    })
    .join(',');
}

/**
 * Start a fleet: `startFleet([{leak: 'chan-receive'}, {}])` (h1, h2) or
 * `startFleet(5, {h2: {leak: 'mutex', rate: 20}})`. Any fleet of the same prefix is replaced.
 */
export async function startFleet(specs: HostSpec[], opts?: FleetOptions): Promise<Fleet>;
export async function startFleet(size: number, specs?: Record<string, HostSpec>, opts?: FleetOptions): Promise<Fleet>;
export async function startFleet(a: number | HostSpec[], b?: Record<string, HostSpec> | FleetOptions, c?: FleetOptions): Promise<Fleet> {
  const size = typeof a === 'number' ? a : a.length;
  const byHost = typeof a === 'number' ? ((b ?? {}) as Record<string, HostSpec>) : Object.fromEntries(a.map((s, i) => [`h${i + 1}`, s]));
  const opts = (typeof a === 'number' ? c : (b as FleetOptions | undefined)) ?? {};
  const ns = opts.ns ?? fleetNs;
  const net = opts.net ?? fleetNet;
  const env = envFor(ns, net);
  const args = [
    ...(opts.defaults ? [specArg(opts.defaults)] : []),
    ...Object.entries(byHost).map(([h, s]) => `${h}=${specArg(s)}`),
  ].filter((x) => x && !x.endsWith('='));
  await execa('bash', [path.join(here, 'up.sh'), String(size), ...args], { stdio: ['ignore', 'inherit', 'inherit'], env });
  const dir = env.FLEET_STATE;
  const details: FleetHost[] = JSON.parse(readFileSync(path.join(dir, 'hosts.json'), 'utf8'));
  const ctl = `${ns}-ctl`;
  const sshConfigPath = path.join(dir, 'ssh_config');
  return {
    inventoryPath: path.join(dir, 'inventory.ini'),
    hosts: details.map((h) => h.name),
    details,
    stateDir: dir,
    ctl,
    keyPath: path.join(dir, 'id_ed25519'),
    knownHostsPath: path.join(dir, 'known_hosts'),
    sshConfigPath,
    async exec(host, cmd) {
      const r = await execa('bash', [path.join(here, 'ctl.sh'), host, 'exec', 'sh', '-c', cmd], { env, reject: false });
      if (r.exitCode !== 0) throw new Error(`${host}: \`${cmd}\` exited ${r.exitCode}: ${r.stderr}`);
      return r.stdout;
    },
    async ssh(host, cmd) {
      const r = await execa('ip', ['netns', 'exec', ctl, 'ssh', '-F', sshConfigPath, host, cmd], { reject: false, stdin: 'ignore' });
      return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
    },
    async act(host, action) {
      await execa('bash', [path.join(here, 'ctl.sh'), host, action], { env });
    },
    stop: () => stopFleet(opts),
  };
}

/** Remove the fleet (idempotent). */
export async function stopFleet(opts: FleetOptions = {}): Promise<void> {
  const env = envFor(opts.ns ?? fleetNs, opts.net ?? fleetNet);
  await execa('bash', [path.join(here, 'down.sh')], { reject: false, env });
}

/** Where a leak kind blocks in test/fixtures/leaky/main.go: `main.leakMutex` at `leaky/main.go:72`. */
export function leakSite(kind: LeakKind): { function: string; location: string; line: number } {
  const lines = readFileSync(path.join(repoRoot, 'test/fixtures/leaky/main.go'), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.endsWith(`// leak-site: ${kind}`));
  if (i < 0) throw new Error(`no leak site for ${kind}`);
  let f = i;
  while (f > 0 && !lines[f].startsWith('func ')) f--;
  return { function: `main.${/^func (\w+)/.exec(lines[f])![1]}`, location: `leaky/main.go:${i + 1}`, line: i + 1 };
}

/** Runs the built CLI as the controller, inside the fleet's controller namespace. */
export function fleetDiag(args: string[], opts: { timeout?: number; env?: Record<string, string>; fleet?: Fleet } = {}) {
  return execa('ip', ['netns', 'exec', opts.fleet?.ctl ?? `${fleetNs}-ctl`, process.execPath, path.join(repoRoot, 'bin', 'fleet-diag.js'), ...args], {
    cwd: repoRoot,
    reject: false,
    timeout: opts.timeout ?? 240_000,
    // execa's default SIGKILLs 5 s after a SIGTERM: shorter than a stop in stages takes on a busy
    // machine (the interrupt test sends SIGTERM as AWX does); give it the grace AWX gives.
    forceKillAfterDelay: 30_000,
    env: { CI: '1', ...opts.env },
    stdin: 'ignore',
  });
}

/** Waits until FILE exists and matches PATTERN (e.g. a run's events.jsonl reaching a task); false on time-out. */
export async function waitForFile(file: string, pattern: RegExp, ms: number): Promise<boolean> {
  const { existsSync, readFileSync } = await import('node:fs');
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (existsSync(file) && pattern.test(readFileSync(file, 'utf8'))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
