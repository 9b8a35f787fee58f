import os from 'node:os';

/** Who started the run: the OS user and, when present, the AWX / Semaphore job that did. */
export function whoRan(extra: Record<string, unknown> = {}): { user: string; job: string | null; scheduler: string | null } {
  let user = process.env.SUDO_USER || process.env.USER || process.env.LOGNAME || '';
  try {
    user ||= os.userInfo().username;
  } catch {
    user ||= `uid:${process.getuid?.() ?? '?'}`;
  }
  const env = process.env;
  // AWX/Tower export JOB_ID and the awx_job_id extra var; Semaphore exports SEMAPHORE_TASK_ID (or task id extra vars).
  const awx = env.AWX_JOB_ID || env.TOWER_JOB_ID || env.JOB_ID || (extra.awx_job_id as string | undefined) || (extra.tower_job_id as string | undefined);
  if (awx) return { user, job: String(awx), scheduler: 'awx' };
  const sem = env.SEMAPHORE_TASK_ID || (extra.semaphore_task_id as string | undefined);
  if (sem) return { user, job: String(sem), scheduler: 'semaphore' };
  return { user, job: null, scheduler: null };
}
