/** The gradient methods behind the common `Explainer` interface, for flat rows and every output. */
import { rowSize, type DifferentiableModel } from './differentiable.ts';
import { integratedGradients, outputsOf, saliency, smoothGrad } from './gradients.ts';
import { defaultFeatureNames, type Attribution, type Explainer } from './types.ts';

/**
 * Options of `GradientExplainer`. `method`: `integrated-gradients` (baseline `baseline`,
 * default zeros; `steps`, default 64), `saliency` (signed gradient), or `smoothgrad`
 * (`samples`, `noiseLevel`, `seed`). `featureNames` default `x0…`.
 */
export interface GradientExplainerOptions {
  method: 'integrated-gradients' | 'saliency' | 'smoothgrad';
  baseline?: Float64Array;
  steps?: number;
  samples?: number;
  noiseLevel?: number;
  seed?: number;
  featureNames?: string[];
}

/**
 * Attributes every output of a differentiable model to its inputs. For Integrated
 * Gradients the base value is f(baseline), so base + Σφ ≈ f(x) up to the completeness
 * error; for saliency and SmoothGrad the values are gradients and the base value is 0.
 */
export class GradientExplainer implements Explainer {
  readonly name: string;

  constructor(
    private readonly dm: DifferentiableModel,
    private readonly opts: GradientExplainerOptions,
  ) {
    this.name = opts.method;
  }

  async explain(x: Float64Array, rows: number): Promise<Attribution> {
    const { dm, opts } = this;
    const d = rowSize(dm);
    const o = dm.outputs;
    const x32 = Float32Array.from(x);
    const baseline = Float32Array.from(opts.baseline ?? new Float64Array(d));
    const values = new Float64Array(rows * d * o);
    for (let out = 0; out < o; out++) {
      const a =
        opts.method === 'integrated-gradients'
          ? integratedGradients(dm, x32, rows, { baseline, steps: opts.steps, target: out })
          : opts.method === 'saliency'
            ? saliency(dm, x32, rows, { target: out, absolute: false })
            : smoothGrad(dm, x32, rows, {
                target: out,
                samples: opts.samples,
                noiseLevel: opts.noiseLevel,
                seed: opts.seed,
              });
      for (let r = 0; r < rows; r++)
        for (let j = 0; j < d; j++) values[(r * d + j) * o + out] = a.values[r * d + j];
    }
    const base = opts.method === 'integrated-gradients' ? outputsOf(dm, baseline, 1) : new Float32Array(o);
    return {
      method: this.name,
      rows,
      features: d,
      outputs: o,
      values,
      baseValues: Float64Array.from(base),
      outputsAtX: Float64Array.from(outputsOf(dm, x32, rows)),
      data: Float64Array.from(x),
      featureNames: opts.featureNames ?? defaultFeatureNames(d),
    };
  }
}
