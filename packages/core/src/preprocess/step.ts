// Preprocessing steps: small fit/transform classes, registered by name so a fitted
// pipeline serializes to JSON and evaluation and serving apply the exact same transform.
import { FrontierError } from '../util/errors.ts';
import type { JsonObject } from '../util/json.ts';

export type { Json, JsonObject, NDArray } from '../util/json.ts';
export { badOption } from '../util/errors.ts';

/** The serialized form of a step: its registered class name and `getConfig()`. */
export interface StepJson {
  className: string;
  config: JsonObject;
}

/**
 * Base class of every preprocessing step (Keras/sklearn shape): `fit` learns state
 * from training data only, `transform` applies it, `getConfig` returns options and
 * fitted state as JSON, and the class's registered `fromConfig` rebuilds a fitted
 * step from that JSON. `transform` (and `inverseTransform`, where a step has one)
 * before `fit` throws FrontierError `PREPROCESS_NOT_FITTED`.
 */
export abstract class Step<In, Out = In> {
  /** The name this class is registered under (see {@link registerStep}). */
  abstract readonly className: string;
  private fittedFlag = false;

  /** True once `fit` ran or a fitted config was loaded. */
  get fitted(): boolean {
    return this.fittedFlag;
  }

  /** Learns the step's state from `data` (training data only); returns `this`. */
  fit(data: In): this {
    this.fitState(data);
    this.fittedFlag = true;
    return this;
  }

  /** Applies the fitted step. Throws `PREPROCESS_NOT_FITTED` before fit. */
  transform(data: In): Out {
    this.requireFitted('transform');
    return this.apply(data);
  }

  /** `fit(data)` then `transform(data)`. */
  fitTransform(data: In): Out {
    return this.fit(data).transform(data);
  }

  /** Options plus fitted state (`state: null` before fit), JSON only. */
  abstract getConfig(): JsonObject;

  /** Learns state; called by `fit`. */
  protected abstract fitState(data: In): void;

  /** Applies learned state; called by `transform` once fitted. */
  protected abstract apply(data: In): Out;

  /** Marks a step rebuilt from a config with state as fitted (for `fromConfig`). */
  protected markFitted(): void {
    this.fittedFlag = true;
  }

  /** Throws `PREPROCESS_NOT_FITTED` unless fitted; `what` names the call. */
  protected requireFitted(what: string): void {
    if (this.fittedFlag) return;
    throw new FrontierError('PREPROCESS_NOT_FITTED', `${this.className}.${what} called before fit`, {
      where: this.className,
      hint: `call fit(trainingData) first (or load a fitted pipeline with loadSteps)`,
    });
  }
}

/** Any step, whatever its input and output types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds steps of every type
export type AnyStep = Step<any, any>;

const registry = new Map<string, (config: JsonObject) => AnyStep>();

/**
 * Registers `fromConfig` under `className`, so {@link stepFromJson} (and `loadSteps`)
 * can rebuild the step. Registering one name twice is an error (two classes would
 * fight over saved files).
 */
export function registerStep(className: string, fromConfig: (config: JsonObject) => AnyStep): void {
  if (registry.has(className)) {
    throw new FrontierError('PREPROCESS_DUPLICATE_STEP', `step ${className} is already registered`, {
      where: className,
      hint: 'give the new step class a different className',
    });
  }
  registry.set(className, fromConfig);
}

/** Registered step class names, sorted. */
export function registeredSteps(): string[] {
  return [...registry.keys()].sort();
}

/** `{ className, config }` of a step. */
export function stepToJson(step: AnyStep): StepJson {
  return { className: step.className, config: step.getConfig() };
}

/**
 * Rebuilds a step from its JSON. Throws `PREPROCESS_UNKNOWN_STEP` (listing the
 * registered names) for an unregistered class; `where` names the source.
 */
export function stepFromJson(json: StepJson, where = 'step'): AnyStep {
  const make = registry.get(json?.className);
  if (!make) {
    throw new FrontierError(
      'PREPROCESS_UNKNOWN_STEP',
      `unknown preprocessing step ${JSON.stringify(json?.className)}; registered: ${registeredSteps().join(', ')}`,
      { where, hint: 'import the module that registers it, or fix the className' },
    );
  }
  return make(json.config ?? {});
}
