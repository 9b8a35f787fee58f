import os from 'node:os';
import type { StoredJob } from '../collect/stored-result.js';

/** A scheduler's job that ran fleet-diag or collect.yml: AWX/Tower or Semaphore. */
export interface SchedulerJob {
  scheduler: 'awx' | 'semaphore';
  /** AWX's job id, Semaphore's task id. */
  job: string | null;
  /** Who launched it in the scheduler (not the OS user the job runs as). */
  user: string | null;
  /** AWX: job template name and workflow job id; Semaphore: the task's message, type and versions. */
  details?: Record<string, string>;
}

export interface Who {
  user: string;
  job: string | null;
  scheduler: string | null;
  /** Who launched the job in AWX or Semaphore, when known. */
  jobUser: string | null;
  details?: Record<string, string>;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : null);

/** Keeps only short text fields: an audit record is not the place for a scheduler's whole payload. */
function detailsOf(o: Record<string, unknown>, keys: string[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = text(o[k]);
    if (v !== null) out[k] = v.slice(0, 200);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

const SEMAPHORE_DETAILS = ['message', 'type', 'incoming_version', 'target_version', 'commit_hash', 'commit_message'];

/**
 * The scheduler job from the environment. AWX exports JOB_ID to the jobs it runs (AWX_JOB_ID /
 * TOWER_JOB_ID and *_USER_NAME when a template passes them on); Semaphore gives shell-type
 * templates SEMAPHORE_TASK_DETAILS_* (username, message, type, versions) and some setups SEMAPHORE_TASK_ID.
 */
export function schedulerJobFromEnv(env: NodeJS.ProcessEnv = process.env): SchedulerJob | null {
  const awx = env.AWX_JOB_ID || env.TOWER_JOB_ID || env.JOB_ID;
  if (awx) {
    const details = detailsOf({ awx_job_template_name: env.AWX_JOB_TEMPLATE_NAME || env.TOWER_JOB_TEMPLATE_NAME, awx_workflow_job_id: env.AWX_WORKFLOW_JOB_ID || env.TOWER_WORKFLOW_JOB_ID }, ['awx_job_template_name', 'awx_workflow_job_id']);
    return { scheduler: 'awx', job: awx, user: env.AWX_USER_NAME || env.TOWER_USER_NAME || null, ...(details ? { details } : {}) };
  }
  const semUser = env.SEMAPHORE_TASK_DETAILS_USERNAME;
  const semId = env.SEMAPHORE_TASK_ID || env.SEMAPHORE_TASK_DETAILS_ID;
  if (semUser || semId) {
    const fromEnv: Record<string, unknown> = {};
    for (const k of SEMAPHORE_DETAILS) fromEnv[k] = env[`SEMAPHORE_TASK_DETAILS_${k.toUpperCase()}`];
    const details = detailsOf(fromEnv, SEMAPHORE_DETAILS);
    return { scheduler: 'semaphore', job: semId || null, user: semUser || null, ...(details ? { details } : {}) };
  }
  return null;
}

/** The scheduler job a collect.yml result names (its extra vars at the time), or null. */
export function schedulerJobFromStored(j: StoredJob | null): SchedulerJob | null {
  if (!j) return null;
  const awx = text(j.awx_job_id);
  if (awx) {
    const details = detailsOf(j as Record<string, unknown>, ['awx_job_template_name', 'awx_workflow_job_id']);
    return { scheduler: 'awx', job: awx, user: text(j.awx_user_name), ...(details ? { details } : {}) };
  }
  const t = j.semaphore_task;
  if (t && typeof t === 'object') {
    const details = detailsOf(t, SEMAPHORE_DETAILS);
    return { scheduler: 'semaphore', job: text(t.id), user: text(t.username), ...(details ? { details } : {}) };
  }
  return null;
}

/** Who started the run: the OS user and, when present, the AWX / Semaphore job that did. */
export function whoRan(env: NodeJS.ProcessEnv = process.env): Who {
  let user = env.SUDO_USER || env.USER || env.LOGNAME || '';
  try {
    user ||= os.userInfo().username;
  } catch {
    user ||= `uid:${process.getuid?.() ?? '?'}`;
  }
  const j = schedulerJobFromEnv(env);
  if (!j) return { user, job: null, scheduler: null, jobUser: null };
  return { user, job: j.job, scheduler: j.scheduler, jobUser: j.user, ...(j.details ? { details: j.details } : {}) };
}

/** The audit record's fields for who ran it (the scheduler's user and details only when known). */
export function whoFields(w: Who): Record<string, unknown> {
  return { user: w.user, job: w.job, scheduler: w.scheduler, ...(w.jobUser ? { jobUser: w.jobUser } : {}), ...(w.details ? { jobDetails: w.details } : {}) };
}
