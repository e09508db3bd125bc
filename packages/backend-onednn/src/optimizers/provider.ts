/**
 * Maps an optimizer config (Frontier's, with every default filled in) to the fused
 * optimizer of this backend, or undefined where none implements it exactly.
 * Structurally typed, so this package does not depend on @frontier/core.
 */
import type { Optimizer } from '@tensorflow/tfjs-core';

import { OnednnAdamOptimizer } from './adam.ts';
import { OnednnAdamWOptimizer } from './adamw.ts';
import { OnednnMomentumOptimizer } from './momentum.ts';
import { OnednnRMSPropOptimizer } from './rmsprop.ts';

export interface FusedOptimizerConfig {
  name: string;
  learningRate: number;
  momentum: number;
  nesterov: boolean;
  beta1: number;
  beta2: number;
  epsilon?: number;
  weightDecay: number;
  weightDecayExclude: string[];
  rho: number;
  centered: boolean;
}

/** The fused optimizer for `c`, or undefined (plain SGD, Adagrad, AdamW with exclusions). */
export function fusedOptimizer(c: FusedOptimizerConfig): Optimizer | undefined {
  const eps = c.epsilon ?? null;
  switch (c.name) {
    case 'adam':
      return new OnednnAdamOptimizer(c.learningRate, c.beta1, c.beta2, eps);
    case 'adamw':
      // Per-name exclusion from decay is not in the native kernel; tfjs-based AdamW handles it.
      if (c.weightDecayExclude.length > 0) return undefined;
      return new OnednnAdamWOptimizer(c.learningRate, c.beta1, c.beta2, c.epsilon, c.weightDecay);
    case 'sgd':
    case 'momentum':
      if (c.momentum === 0 && !c.nesterov) return undefined;
      return new OnednnMomentumOptimizer(c.learningRate, c.momentum, c.nesterov);
    case 'rmsprop':
      return new OnednnRMSPropOptimizer(c.learningRate, c.rho, c.momentum, eps, c.centered);
    default:
      return undefined;
  }
}
