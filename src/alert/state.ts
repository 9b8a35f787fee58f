import { promises as fs } from 'node:fs';
import { writeFileAtomic } from '../core/atomic-write.js';
import { emptyState } from './rules.js';
import type { AlertState } from './types.js';

/** The cooldown memory (what was sent, per host and site); a missing or unreadable file starts afresh. */
export async function loadAlertState(file: string, log: (s: string) => void = () => {}): Promise<AlertState> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return emptyState();
  }
  try {
    const s = JSON.parse(text) as AlertState;
    if (s && s.version === 1 && s.alerts && typeof s.alerts === 'object') return s;
  } catch {
    /* fall through */
  }
  log(`alert: state file ${file} is unreadable; starting afresh (alerts may repeat once)`);
  return emptyState();
}

export async function saveAlertState(file: string, state: AlertState): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
}
