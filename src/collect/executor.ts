import type { CollectedHost, HostOutcome } from './host-outcome.js';
import type { ConnectionKeeper } from './connection-keeper.js';

// The contract both executors plug into (executors/ansible, executors/ssh). An executor runs one
// pass over some hosts; collect/passes.ts drives the passes (retries, backoff, --max-fail) and
// merges what they learned, the same way for both.

/** What the printers are told while a pass runs, whichever executor runs it. */
export type ProgressEvent =
  /** A serial batch started. */
  | { kind: 'batch' }
  /** The node runs a sampling window on its own (an async job): the result comes later. */
  | { kind: 'window-started'; host: string }
  /** The host answered with its collection. */
  | { kind: 'collected'; host: string }
  /** A step failed; `final` says the host failed (false: the executor works around it). */
  | { kind: 'failed'; host: string; message: string; final: boolean }
  | { kind: 'unreachable'; host: string; message: string }
  /** Still waiting for a host's sampling window. */
  | { kind: 'waiting'; host: string }
  /** The tool that ran the pass finished (`by`: e.g. ansible-playbook). */
  | { kind: 'pass-finished'; by: string };

export interface CollectHooks {
  /** Stops the run: the executor stops its work in stages and ends what it started on nodes. */
  signal: AbortSignal;
  /**
   * A second interrupt: stop now. Tools are killed outright (no staged stop) and nodes are not
   * visited again (their collectors end at their own node-side timeout); the partial report is
   * still written.
   */
  hurry?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
  onPass?: (pass: number, hosts: string[]) => void;
  /** Where to copy the tool's own human output (Ansible's), if anywhere. */
  echo?: (chunk: string | Uint8Array) => void;
  /** Trust a host key seen for the first time (never a changed one). */
  acceptNewHostKeys?: boolean;
  /** Keeps connections across runs (watch, gate); without it every run connects and closes its own. */
  keeper?: ConnectionKeeper;
}

export interface PassRequest {
  /** 1 for the first pass, then one more per retry pass. */
  pass: number;
  /** The hosts to visit, in play order. */
  hosts: string[];
  /** The same hosts cut into serial batches, run one after another. */
  batches: string[][];
  /** Asked between batches with the number of hosts failed so far: a reason stops the pass. */
  stopAfterBatch: (failedHosts: number) => string | null;
  /** stopAfterBatch can stop this pass: an executor that does not start batches itself holds each start until it has asked. */
  mayStop: boolean;
}

export interface PassResult {
  /** What the pass learned of each host it judged (possibly partial for a cut-off host). */
  outcomes: Map<string, HostOutcome>;
  /** Hosts whose collection this pass did not complete: never started, or cut off by a stop. */
  cutOff: Set<string>;
  interrupted: boolean;
  /** Why the pass stopped between batches, or null. */
  stoppedEarly: string | null;
}

export interface Executor {
  runPass(req: PassRequest): Promise<PassResult>;
  /** Ends whatever the executor keeps between passes (connections, control sockets). */
  close(): Promise<void>;
  /** The version of the tool it drives, when that tool says (Ansible's), else null. */
  readonly toolVersion: string | null;
}

export interface CollectResult {
  outcomes: Map<string, CollectedHost>;
  interrupted: boolean;
  /** Why the run was stopped early by the fleet-level failure threshold, or null. */
  stoppedEarly: string | null;
  passes: number;
  toolVersion: string | null;
}
