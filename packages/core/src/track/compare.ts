/**
 * Side-by-side comparison of runs: a pure function over {@link RunDetail}s, so the
 * CLI, the report and the dashboard build the same table from whatever store.
 *
 *   const table = compareRuns(await Promise.all(ids.map((id) => store.getRun(id))));
 */
import type { RunDetail } from './store.ts';

/** One row of a comparison: a param or a metric across the compared runs. */
export interface ComparisonRow {
  readonly kind: 'param' | 'metric';
  readonly key: string;
  /** One cell per run, in the order of `runIds`; null where the run lacks the key. */
  readonly values: readonly (string | number | null)[];
  /** True when not every run has the same value (a missing value counts as different). */
  readonly differs: boolean;
}

/** Params rows (sorted by key) then metric rows (sorted by key, latest value of each). */
export interface RunComparison {
  readonly runIds: readonly string[];
  readonly rows: readonly ComparisonRow[];
}

function row(kind: ComparisonRow['kind'], key: string, values: (string | number | null)[]): ComparisonRow {
  return { kind, key, values, differs: values.some((v) => v !== values[0]) };
}

/** Builds the params + final-metrics table for `runs`, in the given order. */
export function compareRuns(runs: readonly RunDetail[]): RunComparison {
  const paramKeys = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
  const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  return {
    runIds: runs.map((r) => r.id),
    rows: [
      ...paramKeys.map((k) =>
        row(
          'param',
          k,
          runs.map((r) => r.params[k] ?? null),
        ),
      ),
      ...metricKeys.map((k) =>
        row(
          'metric',
          k,
          runs.map((r) => r.metrics[k]?.value ?? null),
        ),
      ),
    ],
  };
}
