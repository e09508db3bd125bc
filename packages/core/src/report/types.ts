/**
 * The evaluation report's data: what `frontier evaluate` measures and what
 * `report.json` holds. The HTML page, the charts and the dashboard all read this shape.
 */

/** A measured value with its unit, e.g. { value: 0.981, unit: 'ratio' } or { value: 12.3, unit: 'ms' }. */
export interface Measure {
  value: number;
  unit: string;
}

/** One row of the technique matrix: a technique applied to the model, and what was measured. */
export interface TechniqueRow {
  technique: string;
  description: string;
  metrics: Record<string, Measure>;
  notes?: string[];
  /**
   * Why the technique was not measured (e.g. "augmentation needs images; this study is a
   * table"). A skipped row is shown greyed with this reason and no numbers, and is left
   * out of every chart; its `metrics` should be empty.
   */
  skipped?: string;
}

/** One value of one metric at the end of one epoch, on the training or the validation split. */
export interface HistoryPoint {
  epoch: number;
  split: 'train' | 'validation';
  metric: string;
  value: number;
}

/** An extra section later capabilities add: `title` is plain text, `html` is already-escaped HTML (may contain SVG). */
export interface ReportSection {
  title: string;
  html: string;
}

/** Everything one evaluation run reports; `report.json` is this object. */
export interface Report {
  runId: string;
  title: string;
  /** ISO 8601 time the run was made. */
  createdAt: string;
  dataset: { name: string; train: number; test: number; classes: string[] };
  /** `summary` is a Keras-like text table of the layers. */
  model: { name: string; parameters: number; summary: string };
  /** Facts about where the run ran: backend, node, tfjs, git sha, seed... */
  environment: Record<string, string>;
  history: HistoryPoint[];
  /** rows = true class, cols = predicted class, both in `labels` order. */
  confusion: { labels: string[]; matrix: number[][] };
  matrix: TechniqueRow[];
  sections?: ReportSection[];
}
