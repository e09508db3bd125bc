// Principal component analysis as a fitted step: top-k eigenvectors of the training
// covariance by subspace iteration (tf matmuls), refined by a Jacobi eigensolve.
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../train/rng.ts';
import { FrontierError } from '../util/errors.ts';
import { checkFinite } from './scalers.ts';
import { badOption, registerStep, Step, type JsonObject, type NDArray } from './step.ts';

/** Options of {@link PCA}: `nComponents` (required), `whiten` (default false: unit-variance outputs), `iterations` (default 60), `seed` (default 42). */
export interface PCAOptions {
  nComponents: number;
  whiten?: boolean;
  iterations?: number;
  seed?: number;
}

interface PCAState {
  mean: number[];
  /** k rows of d entries: the unit principal axes, by decreasing variance. */
  components: number[][];
  /** Variance along each axis (sample variance, n − 1, as sklearn's explained_variance_). */
  explainedVariance: number[];
  totalVariance: number;
}

/**
 * Eigen-decomposition of a symmetric matrix (row-major n×n) by cyclic Jacobi
 * rotations. Returns eigenvalues (descending) and unit eigenvectors (rows).
 */
export function symmetricEigen(a: Float64Array, n: number): { values: number[]; vectors: number[][] } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p];
          const mkq = m[k * n + q];
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k];
          const mqk = m[q * n + k];
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[j * n + j] - m[i * n + i]);
  return {
    values: order.map((i) => m[i * n + i]),
    vectors: order.map((i) => Array.from({ length: n }, (_, k) => v[k * n + i])),
  };
}

/** Orthonormalizes the columns of a d×k row-major matrix in place (modified Gram–Schmidt). */
function orthonormalize(q: Float64Array, d: number, k: number): void {
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < j; i++) {
      let dot = 0;
      for (let r = 0; r < d; r++) dot += q[r * k + i] * q[r * k + j];
      for (let r = 0; r < d; r++) q[r * k + j] -= dot * q[r * k + i];
    }
    let norm = 0;
    for (let r = 0; r < d; r++) norm += q[r * k + j] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let r = 0; r < d; r++) q[r * k + j] /= norm;
  }
}

/**
 * PCA on [n, ...] arrays (trailing axes flattened to d features): `transform` gives
 * [n, nComponents] scores (x − mean)·Wᵀ, optionally whitened; `inverseTransform`
 * maps scores back to [n, d] (exact when nComponents = d). Each axis's sign is fixed
 * so its largest-magnitude entry is positive, so fits are reproducible.
 */
export class PCA extends Step<NDArray> {
  readonly className = 'PCA';
  readonly nComponents: number;
  readonly whiten: boolean;
  readonly iterations: number;
  readonly seed: number;
  private state: PCAState | null = null;

  constructor(opts: PCAOptions) {
    super();
    this.nComponents = opts?.nComponents;
    this.whiten = opts.whiten ?? false;
    this.iterations = opts.iterations ?? 60;
    this.seed = opts.seed ?? 42;
    if (!(Number.isInteger(this.nComponents) && this.nComponents > 0)) {
      throw badOption(
        'PCA nComponents',
        `nComponents must be a positive integer, got ${this.nComponents}`,
        'e.g. { nComponents: 32 }',
      );
    }
  }

  /** Unit principal axes, k × d (copy). */
  get components(): number[][] {
    this.requireFitted('components');
    return (this.state as PCAState).components.map((r) => [...r]);
  }

  /** Variance along each axis. */
  get explainedVariance(): number[] {
    this.requireFitted('explainedVariance');
    return [...(this.state as PCAState).explainedVariance];
  }

  /** Fraction of the total variance along each axis. */
  get explainedVarianceRatio(): number[] {
    const s = this.state as PCAState;
    return this.explainedVariance.map((v) => v / s.totalVariance);
  }

  protected fitState(x: NDArray): void {
    const n = x.shape[0];
    const d = x.data.length / Math.max(1, n);
    const k = this.nComponents;
    if (k > d || n < 2) {
      throw new FrontierError(
        'PREPROCESS_BAD_SHAPE',
        `PCA with ${k} components needs at least 2 examples and ${k} features; got ${n} × ${d}`,
        {
          where: 'PCA.fit',
          hint: `use nComponents <= ${d}`,
        },
      );
    }
    checkFinite(x, 'PCA');
    const [meanArr, cov] = tf.tidy(() => {
      const t = tf.tensor2d(x.data, [n, d]);
      const m = t.mean(0);
      const c = t.sub(m);
      return [m, tf.matMul(c, c, true, false).div(n - 1)];
    });
    const mean = Array.from(meanArr.dataSync());
    const covData = Float64Array.from(cov.dataSync());
    let totalVariance = 0;
    for (let i = 0; i < d; i++) totalVariance += covData[i * d + i];
    const p = Math.min(d, k + 8); // oversampling speeds convergence of the last kept axes
    let q = new Float64Array(d * p);
    const rand = mulberry32(this.seed);
    for (let i = 0; i < q.length; i++) q[i] = rand() - 0.5;
    orthonormalize(q, d, p);
    for (let it = 0; it < this.iterations; it++) {
      const z = tf.tidy(() => tf.matMul(cov, tf.tensor2d(Float32Array.from(q), [d, p])).dataSync());
      q = Float64Array.from(z);
      orthonormalize(q, d, p);
    }
    // Rayleigh–Ritz: B = Qᵀ C Q, eigen-decompose the small p×p matrix, rotate Q.
    const cq = tf.tidy(() => tf.matMul(cov, tf.tensor2d(Float32Array.from(q), [d, p])).dataSync());
    const b = new Float64Array(p * p);
    for (let i = 0; i < p; i++)
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let r = 0; r < d; r++) s += q[r * p + i] * cq[r * p + j];
        b[i * p + j] = s;
      }
    for (let i = 0; i < p; i++)
      for (let j = i + 1; j < p; j++) b[i * p + j] = b[j * p + i] = (b[i * p + j] + b[j * p + i]) / 2;
    const eig = symmetricEigen(b, p);
    const components = eig.vectors.slice(0, k).map((u) => {
      const axis = Array.from({ length: d }, (_, r) => {
        let s = 0;
        for (let i = 0; i < p; i++) s += q[r * p + i] * u[i];
        return s;
      });
      const big = axis.reduce((best, v) => (Math.abs(v) > Math.abs(best) ? v : best), 0);
      return big < 0 ? axis.map((v) => -v) : axis;
    });
    tf.dispose([meanArr, cov]);
    this.state = {
      mean,
      components,
      explainedVariance: eig.values.slice(0, k).map((v) => Math.max(0, v)),
      totalVariance,
    };
  }

  protected apply(x: NDArray): NDArray {
    const s = this.state as PCAState;
    const n = x.shape[0];
    const d = s.mean.length;
    if (x.data.length !== n * d) {
      throw new FrontierError(
        'PREPROCESS_SHAPE_MISMATCH',
        `PCA was fitted on ${d} features but got ${x.data.length / Math.max(1, n)}`,
        {
          where: 'PCA.transform',
          hint: 'transform data shaped like the training data',
        },
      );
    }
    checkFinite(x, 'PCA');
    const k = s.components.length;
    const out = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        const w = s.components[j];
        let acc = 0;
        for (let r = 0; r < d; r++) acc += (x.data[i * d + r] - s.mean[r]) * w[r];
        out[i * k + j] = this.whiten ? acc / Math.sqrt(s.explainedVariance[j] || 1) : acc;
      }
    }
    return { data: out, shape: [n, k] };
  }

  /** Scores [n, k] back to features [n, d]: mean + scores · W (whitening undone). */
  inverseTransform(z: NDArray): NDArray {
    this.requireFitted('inverseTransform');
    const s = this.state as PCAState;
    const n = z.shape[0];
    const k = s.components.length;
    const d = s.mean.length;
    const out = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < d; r++) {
        let acc = s.mean[r];
        for (let j = 0; j < k; j++) {
          const zz = z.data[i * k + j] * (this.whiten ? Math.sqrt(s.explainedVariance[j] || 1) : 1);
          acc += zz * s.components[j][r];
        }
        out[i * d + r] = acc;
      }
    }
    return { data: out, shape: [n, d] };
  }

  getConfig(): JsonObject {
    return {
      nComponents: this.nComponents,
      whiten: this.whiten,
      iterations: this.iterations,
      seed: this.seed,
      state: this.state ? { ...this.state } : null,
    };
  }

  static fromConfig(c: JsonObject): PCA {
    const s = new PCA({
      nComponents: c.nComponents as number,
      whiten: c.whiten as boolean,
      iterations: c.iterations as number,
      seed: c.seed as number,
    });
    if (c.state) {
      s.state = structuredClone(c.state) as unknown as PCAState;
      s.markFitted();
    }
    return s;
  }
}

registerStep('PCA', PCA.fromConfig);
