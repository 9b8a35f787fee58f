import { UserError } from '../core/exit-codes.js';

/** One `--serial` entry: a host count or a share of the fleet. */
export type SerialStep = number | `${number}%`;

/** Parses `--serial 1,10%,30%` (an int, a percent, or a list whose last entry repeats). */
export function parseSerial(text: string | undefined): SerialStep[] {
  if (text === undefined || text.trim() === '') return [];
  return text.split(',').map((raw) => {
    const v = raw.trim();
    if (/^\d+$/.test(v) && Number(v) > 0) return Number(v);
    if (/^\d+(\.\d+)?%$/.test(v) && Number(v.slice(0, -1)) > 0 && Number(v.slice(0, -1)) <= 100) return v as `${number}%`;
    throw new UserError(`--serial: '${v}' is not a positive host count or a percentage (e.g. 1,10%,30%)`);
  });
}

/** Batch sizes as Ansible computes them: a percentage of the whole fleet, at least 1; the last step repeats. */
export function batchSizes(steps: SerialStep[], hostCount: number): number[] {
  if (hostCount === 0) return [];
  if (steps.length === 0) return [hostCount];
  const sizes: number[] = [];
  let left = hostCount;
  let i = 0;
  while (left > 0) {
    const step = steps[Math.min(i, steps.length - 1)];
    let size = typeof step === 'number' ? step : Math.floor((Number(step.slice(0, -1)) / 100) * hostCount);
    size = Math.max(1, Math.min(size, left));
    sizes.push(size);
    left -= size;
    i++;
  }
  return sizes;
}
