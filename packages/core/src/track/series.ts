/**
 * Metric key conventions, so a run's test result is never confused with its last
 * training epoch.
 *
 * - Per-epoch training series (TrackingCallback): `loss`, `accuracy`, `val_loss`,
 *   `val_accuracy`, step = epoch (1-based); `batch_loss`, step = batch.
 * - Test metrics, measured once on the held-out test split after training:
 *   `test/accuracy`, `test/loss`, step = the number of epochs trained.
 * - A study that trains several models prefixes both kinds with the model's name:
 *   `prune/val_accuracy` per epoch, `prune/test/accuracy` once.
 *
 * So a key is a test metric exactly when its second-to-last `/` segment is `test`.
 */
import type { MetricPoint } from './store.ts';

/** The path segment that marks a test-split metric. */
export const TEST_SEGMENT = 'test';

/** `test/<name>`, after `prefix` (e.g. `prune/` → `prune/test/accuracy`). */
export function testMetricKey(name: string, prefix = ''): string {
  return `${prefix}${TEST_SEGMENT}/${name}`;
}

/** The test accuracy of a single-model run. */
export const TEST_ACCURACY = testMetricKey('accuracy');
/** The test loss of a single-model run. */
export const TEST_LOSS = testMetricKey('loss');

/** Whether `key` is a test-split metric by the convention above (or the older `test_accuracy` form). */
export function isTestMetric(key: string): boolean {
  const parts = key.split('/');
  return (
    (parts.length >= 2 && parts[parts.length - 2] === TEST_SEGMENT) || /^test_/.test(parts[parts.length - 1])
  );
}

// Where older runs (before this convention) and evaluate studies keep their test
// accuracy/loss, in order of preference. Evaluate's baseline trains unprefixed, so
// its `baseline/accuracy` was only ever the test measurement.
const TEST_ACCURACY_KEYS = [TEST_ACCURACY, 'baseline/test/accuracy', 'test_accuracy', 'baseline/accuracy'];
const TEST_LOSS_KEYS = [TEST_LOSS, 'baseline/test/loss', 'test_loss', 'baseline/loss'];

/** The figures a run listing shows; null where the run lacks the metric. */
export interface KeyMetrics {
  /** Accuracy on the held-out test split. */
  readonly testAccuracy: number | null;
  readonly testLoss: number | null;
  /** Validation accuracy after the last training epoch. */
  readonly valAccuracy: number | null;
  /** Training accuracy of the last epoch (not the test accuracy). */
  readonly trainAccuracy: number | null;
  /** The last epoch trained (the step of the training series); null if none. */
  readonly epochs: number | null;
}

/** Picks the {@link KeyMetrics} out of a run's latest metric values (`RunDetail.metrics`). */
export function keyMetrics(metrics: Readonly<Record<string, MetricPoint>>): KeyMetrics {
  const first = (keys: readonly string[]) => {
    for (const k of keys) if (metrics[k] !== undefined) return metrics[k].value;
    return null;
  };
  const epochPoint = metrics.accuracy ?? metrics.loss ?? metrics.val_accuracy ?? metrics.val_loss;
  return {
    testAccuracy: first(TEST_ACCURACY_KEYS),
    testLoss: first(TEST_LOSS_KEYS),
    valAccuracy: metrics.val_accuracy?.value ?? null,
    trainAccuracy: metrics.accuracy?.value ?? null,
    epochs: epochPoint?.step ?? null,
  };
}

/** A run's latest metrics split into test metrics and everything else (training series, measurements), each sorted by key. */
export function splitMetrics(metrics: Readonly<Record<string, MetricPoint>>): {
  test: MetricPoint[];
  training: MetricPoint[];
} {
  const all = Object.values(metrics).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { test: all.filter((m) => isTestMetric(m.key)), training: all.filter((m) => !isTestMetric(m.key)) };
}
