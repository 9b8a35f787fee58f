// What a renderer may know beside the report itself.
import type { History } from '../history.js';

/** One dump given to `analyze`. */
export interface DumpSource {
  file: string;
  format: string;
  goroutines: number;
  warnings: number;
}

export interface RenderContext {
  /** Earlier runs and watch rows of the report's hosts (charts over hours and days). */
  history?: History;
  /** The report was made by `analyze` from these dumps, not by a run over a fleet. */
  dumps?: DumpSource[];
  /** Sample times were not in the dumps: file order × the run's interval. */
  timesAssumed?: boolean;
}
