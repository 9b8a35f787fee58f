// Test fleet for vitest: wraps up.sh / down.sh (network + pid namespaces, sshd, leaky service).
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
/** Namespace prefix (3 letters) and subnet octet: separate fleets (tests, benchmarks) can run side by side. */
export const fleetNs = process.env.FLEET_NS ?? 'fdt';
export const fleetNet = process.env.FLEET_NET ?? '213';
export const stateDir = process.env.FLEET_STATE ?? path.join(here, fleetNs === 'fdt' ? '.state' : `.state-${fleetNs}`);
export const inventoryPath = path.join(stateDir, 'inventory.ini');
const fleetEnv = { FLEET_NS: fleetNs, FLEET_NET: fleetNet, FLEET_STATE: stateDir };
export const isRoot = process.getuid?.() === 0;

/** Per-host settings: service flags (leak, rate, initial, pool, churn, threads, thread-rate, serve) or service/sshd=off. */
export type HostSpec = Record<string, string | number>;

export interface Fleet {
  inventoryPath: string;
  hosts: string[];
  stateDir: string;
  /** Run a command inside one host's namespaces (pid namespace included). */
  exec(host: string, cmd: string): Promise<string>;
}

export async function startFleet(size: number, specs: Record<string, HostSpec> = {}): Promise<Fleet> {
  const args = Object.entries(specs).map(([h, s]) => `${h}:${Object.entries(s).map(([k, v]) => `${k}=${v}`).join(',')}`);
  await execa('bash', [path.join(here, 'up.sh'), String(size), ...args], { stdio: ['ignore', 'inherit', 'inherit'], env: fleetEnv });
  const hosts = Array.from({ length: size }, (_, i) => `h${i + 1}`);
  return {
    inventoryPath,
    hosts,
    stateDir,
    async exec(host, cmd) {
      const pid = readFileSync(path.join(stateDir, host, 'unshare.pid'), 'utf8').trim();
      // The namespace's pid 1 is the unshare process's child.
      const { stdout: child } = await execa('pgrep', ['-P', pid]);
      const r = await execa('nsenter', ['-t', child.trim().split('\n')[0], '-a', 'sh', '-c', cmd], { reject: false });
      return r.stdout;
    },
  };
}

export async function stopFleet(): Promise<void> {
  await execa('bash', [path.join(here, 'down.sh')], { reject: false, env: fleetEnv });
}

/** Runs the built CLI as the controller, inside the fleet's controller namespace. */
export async function fleetDiag(args: string[], opts: { timeout?: number; env?: Record<string, string> } = {}) {
  return execa('ip', ['netns', 'exec', `${fleetNs}-ctl`, process.execPath, path.join(repoRoot, 'bin', 'fleet-diag.js'), ...args], {
    cwd: repoRoot,
    reject: false,
    timeout: opts.timeout ?? 240_000,
    env: { CI: '1', ...opts.env },
    stdin: 'ignore',
  });
}
