import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
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
  /**
   * Writes the variant's real artifact (e.g. the uint8 or int8 folder) to `dir`. The
   * harness saves `model` as float32 when absent; when present, the saved folder and its
   * measured bytes are this artifact, so `models/<technique>` is what its name says.
   */
  save?(dir: string): Promise<void>;
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
  /** Why the technique does not apply to this data (the row is shown as skipped), or undefined. */
  skip?(data: StudyData): string | undefined;
  apply(ctx: TechniqueContext): Promise<Variant>;
}

/**
 * A kind of technique that a study config names (`{ "kind": "prune", "sparsity": 0.8 }`):
 * its parameters' zod schema (strict, defaults in it) and how to make the technique.
 * One kind per file under techniques/, registered from one list.
 */
export interface TechniqueKind<P extends z.ZodObject = z.ZodObject> {
  kind: string;
  /** One line for --help and the docs. */
  summary: string;
  params: P;
  /** Builds the technique; `name` overrides the derived row name (e.g. `prune-80`). */
  create(params: z.output<P>, name?: string): Technique;
}

const kinds = new Map<string, TechniqueKind>();

/** Registers a technique kind by its `kind`; a kind registered twice is an error. */
export function registerTechniqueKind<P extends z.ZodObject>(kind: TechniqueKind<P>): void {
  if (kinds.has(kind.kind)) throw new Error(`technique kind ${kind.kind} is already registered`);
  kinds.set(kind.kind, kind as unknown as TechniqueKind);
}

/** The registered technique kinds, in registration order. */
export function listTechniqueKinds(): TechniqueKind[] {
  return [...kinds.values()];
}

/** Looks a technique kind up. */
export function getTechniqueKind(kind: string): TechniqueKind | undefined {
  return kinds.get(kind);
}
