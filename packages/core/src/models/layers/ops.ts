import * as tf from '@tensorflow/tfjs';

/**
 * Tensor math shared by the custom layers. Pure functions on tensors; callers run
 * them inside their layer's `call` (which tfjs wraps in tidy).
 */

/** x·W + b over the last axis of an input of any rank ≥ 2. */
export function denseLastAxis(x: tf.Tensor, kernel: tf.Tensor, bias?: tf.Tensor): tf.Tensor {
  const d = x.shape[x.shape.length - 1] as number;
  const units = kernel.shape[1] as number;
  let y = tf.matMul(tf.reshape(x, [-1, d]), kernel as tf.Tensor2D);
  if (bias) y = tf.add(y, bias);
  return tf.reshape(y, [...x.shape.slice(0, -1), units]);
}

/** Layer normalization over the last axis: (x − mean)/√(var + ε)·γ + β. */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))), gamma), beta);
}

/**
 * GELU, tanh approximation (BERT, GPT-2): ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
 * x³ is x·x² rather than pow(x, 3): the same value, but multiply and square have
 * native kernels on onednn while Pow (and its gradient) run element by element in JS.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.mul(x, tf.square(x)))));
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
}

/** The weights of one multi-head attention: projections [d, h·k] and output [h·k, d]. */
export interface AttentionWeights {
  query: tf.Tensor;
  queryBias: tf.Tensor;
  key: tf.Tensor;
  keyBias: tf.Tensor;
  value: tf.Tensor;
  valueBias: tf.Tensor;
  output: tf.Tensor;
  outputBias: tf.Tensor;
}

/** Splits [b, t, h·k] into heads [b, h, t, k]. */
function heads(x: tf.Tensor, numHeads: number): tf.Tensor {
  const [b, t, hk] = x.shape as number[];
  return tf.transpose(tf.reshape(x, [b, t, numHeads, hk / numHeads]), [0, 2, 1, 3]);
}

/**
 * Scaled dot-product self-attention with `numHeads` heads over x [b, t, d].
 * `mask` [b, t] (1/true = real token, 0/false = padding) removes padded keys from
 * every query's softmax, so padding never changes real tokens' outputs.
 * `dropout` (rate, seed) drops attention probabilities in training.
 */
export function selfAttention(
  x: tf.Tensor,
  w: AttentionWeights,
  numHeads: number,
  mask?: tf.Tensor | null,
  dropout?: { rate: number; seed?: number },
): tf.Tensor {
  const [b, t] = x.shape as number[];
  const q = heads(denseLastAxis(x, w.query, w.queryBias), numHeads);
  const k = heads(denseLastAxis(x, w.key, w.keyBias), numHeads);
  const v = heads(denseLastAxis(x, w.value, w.valueBias), numHeads);
  const keyDim = q.shape[3] as number;
  let scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(keyDim)); // [b, h, t, t]
  if (mask) {
    const keep = tf.reshape(tf.cast(mask, 'float32'), [b, 1, 1, t]);
    scores = tf.add(scores, tf.mul(tf.sub(1, keep), -1e9));
  }
  let probs = tf.softmax(scores, -1);
  if (dropout && dropout.rate > 0) probs = tf.dropout(probs, dropout.rate, undefined, dropout.seed);
  const context = tf.reshape(tf.transpose(tf.matMul(probs, v), [0, 2, 1, 3]), [b, t, -1]);
  return denseLastAxis(context, w.output, w.outputBias);
}

/** Dropout whose seed advances on every call, so masks differ per step yet runs repeat exactly. */
export class SeededDropout {
  private calls = 0;
  constructor(
    readonly rate: number,
    private readonly seed?: number,
  ) {}
  apply(x: tf.Tensor, training: boolean): tf.Tensor {
    if (!training || this.rate === 0) return x;
    return tf.dropout(x, this.rate, undefined, this.next());
  }
  next(): number | undefined {
    return this.seed === undefined ? undefined : this.seed + 7919 * this.calls++;
  }
}

/**
 * tf.gather(table, ids) along axis 0 with a fast gradient. tfjs's own gradient goes
 * through unsortedSegmentSum, which the cpu backend runs as one masked sum per row
 * of the table — about 40 s per step for a 1,000-token embedding on 2 cores. Here the
 * gradient is a direct scatter-add of the incoming rows: O(ids × width).
 */
export function gatherRows(table: tf.Tensor, ids: tf.Tensor): tf.Tensor {
  // customGrad's typings take variadic (Tensor | save-function) inputs; ours are two tensors.
  const op = tf.customGrad(((t: tf.Tensor, i: tf.Tensor) => {
    const value = tf.gather(t, i);
    // Read now: tidy scopes dispose the id tensor before the backward pass runs.
    const idx = i.dataSync().slice();
    const shape = t.shape;
    const size = t.size;
    const gradFunc = (dy: tf.Tensor) => {
      const width = size / (shape[0] as number);
      const g = dy.dataSync();
      const out = new Float32Array(size);
      for (let k = 0; k < idx.length; k++) {
        const dst = idx[k] * width;
        const src = k * width;
        for (let j = 0; j < width; j++) out[dst + j] += g[src + j];
      }
      return [tf.tensor(out, shape), tf.zeros(i.shape)];
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(table, tf.cast(ids, 'int32'));
}
