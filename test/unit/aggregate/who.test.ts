// Who ran it, for the audit log: AWX/Tower and Semaphore, from the environment and from what
// playbooks/collect.yml stored of its extra vars.
import { describe, expect, it } from 'vitest';
import { schedulerJobFromEnv, schedulerJobFromStored, whoFields, whoRan } from '../../../src/audit/who.js';

describe('scheduler jobs', () => {
  it('AWX from the environment: JOB_ID, and the launching user when passed on', () => {
    expect(schedulerJobFromEnv({ JOB_ID: '17' })).toEqual({ scheduler: 'awx', job: '17', user: null });
    expect(schedulerJobFromEnv({ TOWER_JOB_ID: '9', TOWER_USER_NAME: 'ops' })).toEqual({ scheduler: 'awx', job: '9', user: 'ops' });
    expect(schedulerJobFromEnv({ AWX_JOB_ID: '5', AWX_USER_NAME: 'alice', AWX_JOB_TEMPLATE_NAME: 'leaks' })).toMatchObject({ job: '5', user: 'alice', details: { awx_job_template_name: 'leaks' } });
  });

  it("Semaphore from the environment: SEMAPHORE_TASK_DETAILS_* of shell templates, SEMAPHORE_TASK_ID", () => {
    const j = schedulerJobFromEnv({ SEMAPHORE_TASK_DETAILS_USERNAME: 'bob', SEMAPHORE_TASK_DETAILS_MESSAGE: 'nightly', SEMAPHORE_TASK_ID: '88' });
    expect(j).toEqual({ scheduler: 'semaphore', job: '88', user: 'bob', details: { message: 'nightly' } });
    expect(schedulerJobFromEnv({ PATH: '/bin' })).toBeNull();
  });

  it('from a stored result: awx_* (tower_* already folded in by the playbook) or semaphore_vars.task_details', () => {
    expect(schedulerJobFromStored({ awx_job_id: 101, awx_user_name: 'alice', awx_workflow_job_id: 100 })).toEqual({ scheduler: 'awx', job: '101', user: 'alice', details: { awx_workflow_job_id: '100' } });
    expect(schedulerJobFromStored({ awx_job_id: null, semaphore_task: { id: 7, username: 'carol', type: 'deploy', incoming_version: '1.2.3' } }))
      .toEqual({ scheduler: 'semaphore', job: '7', user: 'carol', details: { type: 'deploy', incoming_version: '1.2.3' } });
    expect(schedulerJobFromStored({ awx_job_id: '', semaphore_task: null })).toBeNull();
    expect(schedulerJobFromStored(null)).toBeNull();
  });

  it('whoRan keeps the OS user and adds the scheduler user only when known', () => {
    const w = whoRan({ USER: 'awx', JOB_ID: '3', AWX_USER_NAME: 'alice' });
    expect(whoFields(w)).toEqual({ user: 'awx', job: '3', scheduler: 'awx', jobUser: 'alice' });
    expect(whoFields(whoRan({ USER: 'me' }))).toEqual({ user: 'me', job: null, scheduler: null });
  });
});
