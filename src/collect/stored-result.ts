// One `<host>.json` that playbooks/collect.yml's store task leaves on the controller (AWX,
// Semaphore, ansible-runner): the collector's output as Ansible returned it, and a few words
// about the job. Read here into what the executors hand on, so `aggregate` judges it like `run`.
import type { CollectorResult } from './judge-result.js';

/** What collect.yml records of the job that collected (AWX/Tower extra vars, Semaphore's task). */
export interface StoredJob {
  awx_job_id?: string | number | null;
  awx_user_name?: string | null;
  awx_job_template_name?: string | null;
  awx_workflow_job_id?: string | number | null;
  semaphore_task?: Record<string, unknown> | null;
}

/** The collection settings the playbook ran with (its extra vars, after the role's defaults). */
export interface StoredSettings {
  samples?: number;
  interval_s?: number;
  timeout_s?: number;
  cap?: number;
  full?: number;
}

export interface StoredResult {
  host: string;
  unreachable: boolean;
  result: CollectorResult;
  /** When the store task ran (the controller's clock), or null in results of older playbooks. */
  storedAt: string | null;
  limit: string | null;
  settings: StoredSettings | null;
  job: StoredJob | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Parses one stored result's text; a reason (for one error line) when it is not one. */
export function parseStoredResult(text: string): StoredResult | { error: string } {
  let r: unknown;
  try {
    r = JSON.parse(text);
  } catch {
    return { error: 'is not JSON written by playbooks/collect.yml' };
  }
  if (!isObject(r) || typeof r.host !== 'string' || r.host === '') return { error: 'has no host field' };
  const rc = typeof r.rc === 'number' && Number.isInteger(r.rc) ? r.rc : undefined;
  return {
    host: r.host,
    unreachable: r.unreachable === true,
    result: { rc, msg: str(r.msg), stdout: str(r.stdout) },
    storedAt: str(r.storedAt) ?? null,
    limit: str(r.limit) || null,
    settings: isObject(r.settings) ? settingsOf(r.settings) : null,
    job: isObject(r.job) ? (r.job as StoredJob) : null,
  };
}

function settingsOf(s: Record<string, unknown>): StoredSettings {
  const out: StoredSettings = {};
  for (const k of ['samples', 'interval_s', 'timeout_s', 'cap', 'full'] as const) {
    const v = Number(s[k]);
    if (Number.isFinite(v) && v >= 0) out[k] = v;
  }
  return out;
}
