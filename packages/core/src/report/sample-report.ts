import type { HistoryPoint, Report } from './types.ts';

const SUMMARY = `Layer (type)                 Output shape          Param #
=============================================================
conv2d_1 (Conv2D)            [null,26,26,16]       160
max_pooling2d_1 (MaxPool2D)  [null,13,13,16]       0
conv2d_2 (Conv2D)            [null,11,11,32]       4,640
max_pooling2d_2 (MaxPool2D)  [null,5,5,32]         0
flatten_1 (Flatten)          [null,800]            0
dense_1 (Dense)              [null,64]             51,264
dense_2 (Dense)              [null,10]             650
=============================================================
Total params: 56,714
Trainable params: 56,714
Non-trainable params: 0`;

/** The confusion counts of a plausible MNIST CNN: row i is true digit i (980… examples each). */
function mnistConfusion(): number[][] {
  const totals = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
  return totals.map((total, i) => {
    const row = new Array<number>(10).fill(0);
    // Deterministic off-diagonal errors: a few to the neighbours people confuse.
    const slips = [3, 4, 9, 11, 10, 8, 6, 12, 14, 13][i];
    row[(i + 3) % 10] += Math.ceil(slips / 2);
    row[(i + 7) % 10] += Math.floor(slips / 2);
    row[i] = total - slips;
    return row;
  });
}

/**
 * A complete, valid example Report (MNIST CNN, five techniques, three epochs): for tests,
 * for screenshots of the page, and for developing the dashboard against. Deterministic.
 */
export function sampleReport(): Report {
  const history: HistoryPoint[] = [];
  for (let epoch = 1; epoch <= 3; epoch++) {
    history.push(
      { epoch, split: 'train', metric: 'loss', value: 0.45 / epoch },
      { epoch, split: 'validation', metric: 'loss', value: 0.4 / epoch + 0.03 },
      { epoch, split: 'train', metric: 'accuracy', value: 1 - 0.12 / epoch },
      { epoch, split: 'validation', metric: 'accuracy', value: 1 - 0.11 / epoch - 0.005 },
    );
  }
  return {
    runId: 'run-20261129-163000-7f3a',
    title: 'MNIST CNN: technique trade-offs',
    createdAt: '2026-11-29T16:30:00.000Z',
    dataset: {
      name: 'MNIST',
      train: 60000,
      test: 10000,
      classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    },
    model: { name: 'mnist-cnn', parameters: 56714, summary: SUMMARY },
    environment: { backend: 'cpu', node: 'v20.20.2', tfjs: '4.22.0', git: '3e1f9c2', seed: '42' },
    history,
    confusion: { labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], matrix: mnistConfusion() },
    matrix: [
      {
        technique: 'baseline',
        description: 'The model as trained, float32 weights.',
        metrics: {
          accuracy: { value: 0.9909, unit: 'ratio' },
          size: { value: 226_856, unit: 'bytes' },
          'latency p50': { value: 1.234, unit: 'ms' },
          'latency p99': { value: 3.9, unit: 'ms' },
        },
      },
      {
        technique: 'magnitude pruning 50%',
        description: 'Half the weights of every layer set to zero, then fine-tuned one epoch.',
        metrics: {
          accuracy: { value: 0.9893, unit: 'ratio' },
          size: { value: 121_344, unit: 'bytes' },
          'latency p50': { value: 1.21, unit: 'ms' },
          'latency p99': { value: 3.71, unit: 'ms' },
          sparsity: { value: 0.5, unit: 'ratio' },
        },
        notes: ['size is the gzip of the weights; zeros compress'],
      },
      {
        technique: 'int8 quantization',
        description: 'Post-training affine quantization of the weights to 8 bits.',
        metrics: {
          accuracy: { value: 0.9902, unit: 'ratio' },
          size: { value: 58_112, unit: 'bytes' },
          'latency p50': { value: 1.302, unit: 'ms' },
          'latency p99': { value: 4.12, unit: 'ms' },
        },
      },
      {
        technique: 'distillation',
        description: 'A student with a quarter of the filters, taught by the baseline.',
        metrics: {
          accuracy: { value: 0.9851, unit: 'ratio' },
          size: { value: 41_020, unit: 'bytes' },
          'latency p50': { value: 0.51, unit: 'ms' },
          'latency p99': { value: 1.83, unit: 'ms' },
        },
      },
      {
        technique: 'DP-SGD (ε = 3)',
        description: 'Per-example clipping at 1.0 and Gaussian noise, δ = 1e-5.',
        metrics: {
          accuracy: { value: 0.9612, unit: 'ratio' },
          size: { value: 226_856, unit: 'bytes' },
          'latency p50': { value: 1.229, unit: 'ms' },
          'latency p99': { value: 3.88, unit: 'ms' },
          epsilon: { value: 3, unit: 'ε' },
        },
      },
    ],
  };
}
