// Exit codes are a contract (DESIGN.md): AWX jobs and rollout gates read them.
export const EXIT = {
  ok: 0,
  findings: 1,
  incomplete: 2,
  usage: 3,
  ansible: 4,
  /** A bug of ours (an error nobody meant to throw): not the user's input. */
  internal: 5,
  interrupted: 130,
} as const;

/** Gate outcomes, in Argo Rollouts' vocabulary. */
export const GATE_EXIT = { Successful: 0, Failed: 1, Inconclusive: 2, Error: 3 } as const;

/** An error the user can act on: printed as one line, no stack trace, with its exit code. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.usage) {
    super(message);
    this.name = 'UserError';
  }
}
