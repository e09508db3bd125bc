// A fitted pipeline on disk: `preprocess.json` next to model.json, written atomically.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.ts';
import { FrontierError } from '../util/errors.ts';
import { stepFromJson, stepToJson, type AnyStep, type StepJson } from './step.ts';
// Every built-in step registers itself on import; loading must know them all.
import './register-all.ts';

/** File name of a saved pipeline inside a model folder. */
export const STEPS_FILE = 'preprocess.json';

/** Format tag and version written into {@link STEPS_FILE}. */
export const STEPS_FORMAT = { format: 'frontier-preprocess', version: 1 } as const;

/** The serialized pipeline: `steps` in application order. */
export interface StepsDocument {
  format: 'frontier-preprocess';
  version: 1;
  steps: StepJson[];
}

/** The JSON document of `steps` (fitted or not), in order. */
export function stepsToJson(steps: readonly AnyStep[]): StepsDocument {
  return { ...STEPS_FORMAT, steps: steps.map(stepToJson) };
}

/**
 * Rebuilds steps from a document. Throws FrontierError `PREPROCESS_BAD_FILE` when
 * it is not a frontier-preprocess v1 document, `PREPROCESS_UNKNOWN_STEP` for an
 * unregistered class; `where` names the source (a path).
 */
export function stepsFromJson(doc: unknown, where = 'preprocess'): AnyStep[] {
  const d = doc as Partial<StepsDocument> | null;
  if (!d || d.format !== STEPS_FORMAT.format || d.version !== 1 || !Array.isArray(d.steps)) {
    throw new FrontierError('PREPROCESS_BAD_FILE', 'not a frontier-preprocess version 1 document', {
      where,
      hint: 'write it with saveSteps(dir, steps)',
    });
  }
  return d.steps.map((s, i) => stepFromJson(s, `${where} steps[${i}]`));
}

/** Writes `steps` (with their fitted state) to `dir/preprocess.json`, atomically. */
export async function saveSteps(dir: string, steps: readonly AnyStep[]): Promise<string> {
  const path = join(dir, STEPS_FILE);
  await writeFileAtomic(path, JSON.stringify(stepsToJson(steps), null, 1) + '\n');
  return path;
}

/**
 * Reads `dir/preprocess.json` back into fitted steps, in order. Throws
 * `PREPROCESS_READ` (missing or unreadable file), `PREPROCESS_BAD_FILE` (bad JSON or
 * format) or `PREPROCESS_UNKNOWN_STEP`.
 */
export async function loadSteps(dir: string): Promise<AnyStep[]> {
  const path = join(dir, STEPS_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new FrontierError(
      'PREPROCESS_READ',
      `cannot read the preprocessing steps: ${(cause as Error).message}`,
      {
        where: path,
        hint: 'save them with saveSteps(modelDir, steps) when the model is saved',
        cause,
      },
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new FrontierError('PREPROCESS_BAD_FILE', `invalid JSON: ${(cause as Error).message}`, {
      where: path,
      cause,
    });
  }
  return stepsFromJson(doc, path);
}

/** Runs fitted steps in order: the output of each is the input of the next. */
export function applySteps<T>(steps: readonly AnyStep[], data: T): unknown {
  let cur: unknown = data;
  for (const s of steps) cur = s.transform(cur);
  return cur;
}
