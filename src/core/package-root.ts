import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The installed package's root (holds roles/, schema/, patterns/, src/executors/ansible/callback_plugins/). */
export const packageRoot: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function fromRoot(...parts: string[]): string {
  return path.join(packageRoot, ...parts);
}
