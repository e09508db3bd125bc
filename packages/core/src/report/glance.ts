/**
 * The figures a reader compares first, per technique: accuracy and its change, size and
 * compression, median latency, throughput and the technique's key figure. Pure: rows in,
 * numbers out; summary-table.ts renders them.
 */
import { keyFigure } from './key-figure.ts';
import type { Measure, TechniqueRow } from './types.ts';

/** Metric keys read for each glance figure, in order of preference (the first any row has wins). */
export const GLANCE_METRICS = {
  accuracy: ['accuracy'],
  size: ['gzipBytes', 'size', 'bytes'],
  latencyP50: ['latencyP50', 'latency p50'],
  throughput: ['throughput'],
} as const;

/** What one row shows in the summary table. Absent numbers are shown as `—`. */
export interface GlanceRow {
  row: TechniqueRow;
  /** The row every other one is compared with. */
  isReference: boolean;
  accuracy?: Measure;
  /** Accuracy minus the reference's, in percentage points. */
  deltaAccuracy?: number;
  size?: Measure;
  /** The reference's size divided by this row's: 4 means four times smaller. */
  compression?: number;
  latencyP50?: Measure;
  throughput?: Measure;
  keyFigure?: string;
}

/** The summary table's content: the metric key each column reads, and a row per technique. */
export interface Glance {
  keys: { accuracy?: string; size?: string; latencyP50?: string; throughput?: string };
  reference?: TechniqueRow;
  rows: GlanceRow[];
}

/**
 * The reference row: the one named `baseline`, else the first row that was measured
 * (not skipped); `undefined` when every row was skipped.
 */
export function referenceRow(rows: readonly TechniqueRow[]): TechniqueRow | undefined {
  const measured = rows.filter((r) => r.skipped === undefined);
  return measured.find((r) => r.technique === 'baseline') ?? measured[0];
}

/** The first of `candidates` that some measured row has. */
function pickKey(rows: readonly TechniqueRow[], candidates: readonly string[]): string | undefined {
  return candidates.find((k) => rows.some((r) => r.skipped === undefined && r.metrics[k] !== undefined));
}

/**
 * The glance figures of every row. Δ accuracy is the row's `deltaAccuracy` metric when
 * it is in `pp`, else computed from `accuracy` (a ratio) against the reference. The
 * compression ratio divides the reference's size by the row's, on the same size metric
 * (gzip bytes when measured, as zeros and quantized weights compress). Skipped rows get
 * no numbers.
 */
export function glance(rows: readonly TechniqueRow[]): Glance {
  const reference = referenceRow(rows);
  const keys = {
    accuracy: pickKey(rows, GLANCE_METRICS.accuracy),
    size: pickKey(rows, GLANCE_METRICS.size),
    latencyP50: pickKey(rows, GLANCE_METRICS.latencyP50),
    throughput: pickKey(rows, GLANCE_METRICS.throughput),
  };
  const get = (row: TechniqueRow, key: string | undefined): Measure | undefined =>
    key === undefined ? undefined : row.metrics[key];
  const refAccuracy = reference && get(reference, keys.accuracy);
  const refSize = reference && get(reference, keys.size);
  const out = rows.map((row): GlanceRow => {
    const isReference = row === reference;
    if (row.skipped !== undefined) return { row, isReference };
    const accuracy = get(row, keys.accuracy);
    const size = get(row, keys.size);
    let deltaAccuracy: number | undefined;
    if (row.metrics.deltaAccuracy?.unit === 'pp') deltaAccuracy = row.metrics.deltaAccuracy.value;
    else if (accuracy?.unit === 'ratio' && refAccuracy?.unit === 'ratio')
      deltaAccuracy = (accuracy.value - refAccuracy.value) * 100;
    const compression =
      size !== undefined && refSize !== undefined && size.unit === refSize.unit && size.value > 0
        ? refSize.value / size.value
        : undefined;
    return {
      row,
      isReference,
      accuracy,
      deltaAccuracy,
      size,
      compression,
      latencyP50: get(row, keys.latencyP50),
      throughput: get(row, keys.throughput),
      keyFigure: keyFigure(row, reference),
    };
  });
  return { keys, reference, rows: out };
}
