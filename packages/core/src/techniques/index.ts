// The one list of technique kinds, and the default matrix. Each capability (pruning,
// quantization, distillation, DP-SGD, …) is one kind in one file and one line here;
// the evaluate harness is untouched.
import { parseConfig } from '../study/parse.ts';
import type { TechniqueEntry } from '../study/schema.ts';
import {
  getTechniqueKind,
  listTechniqueKinds,
  registerTechniqueKind,
  type Technique,
} from '../study/technique.ts';
import { FrontierError } from '../util/errors.ts';
import { architectureKind } from './architecture.ts';
import { augmentationKind } from './augmentation.ts';
import { baselineKind } from './baseline.ts';
import { clusterKind } from './cluster.ts';
import { distillKind } from './distill.ts';
import { filtersKind } from './filters.ts';
import { pruneKind } from './prune.ts';
import { qatKind } from './qat.ts';
import { quantizeKind } from './quantize.ts';
import { tunedKind } from './tuned.ts';

for (const kind of [
  baselineKind,
  augmentationKind,
  pruneKind,
  quantizeKind,
  clusterKind,
  filtersKind,
  distillKind,
  qatKind,
  architectureKind,
  tunedKind,
])
  registerTechniqueKind(kind);

/** The default matrix of `frontier evaluate`, in report order. */
export const DEFAULT_TECHNIQUES: TechniqueEntry[] = [
  'baseline',
  { kind: 'augmentation' },
  { kind: 'prune', sparsity: 0.9 },
  { kind: 'quantize', dtype: 'uint8', base: 'prune-90' },
  { kind: 'quantize', dtype: 'float16' },
  { kind: 'quantize', dtype: 'uint8' },
  { kind: 'quantize', dtype: 'int8' },
  { kind: 'cluster', clusters: 16 },
  { kind: 'filters', fraction: 0.5 },
  { kind: 'distill' },
  { kind: 'architecture', architecture: 'mlp' },
];

/**
 * Rows that can be named by their row name in `techniques` (as well as the defaults):
 * each costs extra time, so none is in the default study.
 */
export const OPT_IN_TECHNIQUES: TechniqueEntry[] = [
  { kind: 'prune', sparsity: 0.5, pattern: '2:4' },
  { kind: 'prune', sparsity: 0.9, pattern: 'block:4x1' },
  { kind: 'qat' },
  { kind: 'architecture', architecture: 'deep-cnn' },
  { kind: 'tuned' },
];

/**
 * The techniques of a study: each entry is a row name of the defaults or opt-ins
 * (`"prune-90"`), a kind with default parameters (`"distill"`), or an object
 * `{ "kind": …, …parameters, "name"? }` checked against the kind's schema (errors
 * name `techniques[i].key`). Without entries: the defaults, less those that train on
 * the pure-JS cpu backend. A technique built on another's row (`base`) needs that row
 * earlier in the list.
 */
export function resolveTechniques(entries: TechniqueEntry[] | undefined, backend: string): Technique[] {
  const techniques = entries
    ? entries.map((e, i) => resolveEntry(e, `techniques[${i}]`))
    : DEFAULT_TECHNIQUES.map((e, i) => resolveEntry(e, `defaults[${i}]`)).filter(
        (t) => backend !== 'cpu' || !t.trains || t.name === 'baseline',
      );
  const seen = new Set<string>();
  return techniques.filter((t, i) => {
    if (seen.has(t.name))
      throw new FrontierError('TECHNIQUE_DUPLICATE', `two techniques are named ${JSON.stringify(t.name)}`, {
        where: `techniques[${i}]`,
        hint: 'give one of them a "name"',
      });
    if (t.base && !seen.has(t.base)) {
      if (!entries) return false; // its base was left out of the default list
      throw new FrontierError(
        'TECHNIQUE_ORDER',
        `technique ${t.name} builds on ${t.base}, which does not run before it`,
        {
          where: `techniques[${i}]`,
          hint: `list ${JSON.stringify(t.base)} before ${JSON.stringify(t.name)}`,
        },
      );
    }
    seen.add(t.name);
    return true;
  });
}

function resolveEntry(entry: TechniqueEntry, where: string): Technique {
  if (typeof entry === 'string') {
    const kind = getTechniqueKind(entry);
    if (kind) return kind.create(kind.params.parse({}));
    const preset = [...DEFAULT_TECHNIQUES, ...OPT_IN_TECHNIQUES]
      .filter((e) => typeof e !== 'string')
      .map((e) => resolveEntry(e, where))
      .find((t) => t.name === entry);
    if (preset) return preset;
    throw new FrontierError('UNKNOWN_TECHNIQUE', `unknown technique ${JSON.stringify(entry)}`, {
      where,
      hint: `use a kind (${listTechniqueKinds()
        .map((k) => k.kind)
        .join(', ')}) or a row name (${techniqueNames().join(', ')})`,
    });
  }
  const { kind: kindName, name, ...params } = entry;
  const kind = getTechniqueKind(kindName);
  if (!kind)
    throw new FrontierError('UNKNOWN_TECHNIQUE', `unknown technique kind ${JSON.stringify(kindName)}`, {
      where: `${where}.kind`,
      hint: `use one of: ${listTechniqueKinds()
        .map((k) => k.kind)
        .join(', ')}`,
    });
  return kind.create(parseConfig(kind.params, params, undefined, where), name);
}

/** The row names `techniques` accepts as strings. */
export function techniqueNames(): string[] {
  return [...DEFAULT_TECHNIQUES, ...OPT_IN_TECHNIQUES].map((e) =>
    typeof e === 'string' ? e : resolveEntry(e, 'defaults').name,
  );
}

export { listTechniqueKinds, registerTechniqueKind, type Technique };
export {
  architectureKind,
  augmentationKind,
  baselineKind,
  clusterKind,
  distillKind,
  filtersKind,
  pruneKind,
  qatKind,
  quantizeKind,
  tunedKind,
};
export {
  augmentationTechnique,
  withAugmentation,
  shiftedCopy,
  accuracyOn,
  DEFAULT_TECHNIQUE_AUGMENT,
} from './augmentation.ts';
export { architectureTechnique, DEFAULT_ARCHITECTURES, type ArchitectureSpec } from './architecture.ts';
export {
  tunedTechnique,
  searchHyperparameters,
  defaultPoint,
  DEFAULT_TUNED_SPACE,
  type TunedOptions,
  type HyperparameterSearch,
  type SearchData,
} from './tuned.ts';
