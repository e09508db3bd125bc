import type * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '../models/index.ts';
import type { Callback, GradientTransform, Logs, TrainingKnobs } from '../train/index.ts';
import type { Measure } from '../report/index.ts';

/** The data a study trains and evaluates on, as tensors. */
export interface StudyData {
  name: string;
  classes: string[];
  train: { x: tf.Tensor; y: tf.Tensor };
  validation: { x: tf.Tensor; y: tf.Tensor };
  test: { x: tf.Tensor; y: tf.Tensor };
}

/** What a technique gets: the trained baseline, the data, and the study's training recipe. */
export interface TechniqueContext {
  /** The trained baseline, or the variant of the technique's `base`. Never mutate or dispose it. */
  baseline: tf.LayersModel;
  data: StudyData;
  seed: number;
  /** A folder the technique may write into (its own, under the run's folder). */
  workDir: string;
  /**
   * Trains `model` with the study's loss, optimizer, batch size, seed and tracking;
   * `epochs` overrides the study's, `knobs` override the study's optimizer, schedule,
   * clipping or batch size (e.g. tuned ones), `transforms` run after the study's own
   * (e.g. a pruning mask after clipping) and `callbacks` are added to its own.
   */
  train(
    model: tf.LayersModel,
    opts?: {
      epochs?: number;
      knobs?: TrainingKnobs;
      transforms?: GradientTransform[];
      callbacks?: Callback[];
    },
  ): Promise<Logs[]>;
  /**
   * The study's resolved training recipe (epochs, batch size, optimizer, schedule,
   * clipping), for techniques that retune it. The harness always sets it.
   */
  recipe?: TrainingKnobs & { epochs: number };
  /** The model config the baseline was built from (the harness always sets it). */
  modelConfig?: ModelConfig;
  log(message: string): void;
}

/** A model a technique produced, plus anything it measured that the harness cannot. */
export interface Variant {
  model: tf.LayersModel;
  /** Extra columns, e.g. { epsilon: { value: 3.2, unit: 'ε' } }. */
  metrics?: Record<string, Measure>;
  notes?: string[];
}

/**
 * A row of the technique matrix. The harness trains the baseline, calls `apply`,
 * and measures the returned model the same way as every other row (accuracy, size,
 * latency, throughput), so a technique only says how to make its variant.
 */
export interface Technique {
  name: string;
  description: string;
  /**
   * True when `apply` trains (fine-tunes, distills, retrains). The default study on
   * the pure-JS cpu backend leaves these out to stay within its time budget; name
   * them in the config's `techniques` to run them anyway.
   */
  trains?: boolean;
  /**
   * Name of an earlier technique whose variant this one starts from instead of the
   * baseline (`ctx.baseline` is then that variant), e.g. quantizing the pruned model.
   * Δaccuracy is still against the baseline.
   */
  base?: string;
  /**
   * True when the row is too slow for the default study's time budget on any backend
   * (e.g. the deeper CNN): it runs only when named in the config's `techniques`.
   */
  optIn?: boolean;
  apply(ctx: TechniqueContext): Promise<Variant>;
}

const registry = new Map<string, Technique>();

/** Adds a technique to the matrix. Names are unique; registering a name twice is an error. */
export function registerTechnique(technique: Technique): void {
  if (registry.has(technique.name)) throw new Error(`technique ${technique.name} is already registered`);
  registry.set(technique.name, technique);
}

/** The registered techniques, in registration order. */
export function listTechniques(): Technique[] {
  return [...registry.values()];
}

/** Looks a technique up by name. */
export function getTechnique(name: string): Technique | undefined {
  return registry.get(name);
}
