/**
 * An in-process executor around a plain objective function: what unit tests and
 * synthetic benchmarks use, with no training involved.
 */
import type { Params } from './space.ts';
import type { ReportFn, TrialExecutor, TrialOutcome, TrialRequest } from './optimize.ts';

/** What an objective function may do while it runs. */
export interface TrialContext {
  readonly number: number;
  readonly params: Params;
  /**
   * Reports the objective `value` after `step` (1-based epochs), stored under the
   * study's metric key; resolves true when the trial should stop. The objective
   * should then return its latest value.
   */
  report(step: number, value: number): Promise<boolean>;
}

/** An objective: returns the final value of the study's metric. */
export type Objective = (ctx: TrialContext) => Promise<number> | number;

/**
 * Runs `objective` in this process. The outcome counts a trial as pruned when a
 * report said to stop, and its steps as the highest step reported (0 if none).
 */
export function functionExecutor(objective: Objective, metric = 'val_accuracy'): TrialExecutor {
  return {
    async run(req: TrialRequest, report: ReportFn): Promise<TrialOutcome> {
      let pruned = false;
      let steps = 0;
      const value = await objective({
        number: req.number,
        params: req.params,
        async report(step, v) {
          steps = Math.max(steps, step);
          if (await report(step, { [metric]: v })) pruned = true;
          return pruned;
        },
      });
      return { value, pruned, steps };
    },
  };
}
