// The report sections of `frontier evaluate`, registered from this one list. Each
// section says whether it applies to the study's data (a cleaning comparison needs a
// table, an augmentation grid needs images) and builds itself from the study's own
// data, never from a built-in data set the user did not choose.
import * as tf from '@tensorflow/tfjs';
import { loadTable, penguins, type TabularDataset } from '../data/index.ts';
import type { ExplanationComparison } from '../explain/index.ts';
import type { ModelConfig } from '../models/index.ts';
import { DEFAULT_TECHNIQUE_AUGMENT } from '../techniques/index.ts';
import { ImageAugmenter } from '../models/layers/augment.ts';
import { augmentationGridSection, cleaningComparisonSection, compareCleaning } from '../preprocess/index.ts';
import type { ReportSection } from '../report/index.ts';
import type { ResolvedStudy } from '../study/study.ts';
import type { StudyData } from '../study/technique.ts';
import { FrontierError } from '../util/errors.ts';
import { studyOptimizerSection } from './optimizer-comparison.ts';

/** What a section may read. */
export interface SectionContext {
  study: ResolvedStudy;
  data: StudyData;
  modelConfig: ModelConfig;
  backend: string;
  explanations: ExplanationComparison;
  log(message: string): void;
}

/** A report section kind: `skip` says why it does not apply to this study (undefined: it does). */
export interface SectionKind {
  name: string;
  summary: string;
  skip?(ctx: SectionContext): string | undefined;
  build(ctx: SectionContext): Promise<ReportSection>;
}

const isImages = (data: StudyData) => data.train.x.rank === 4;

/** Every section kind, in report order. */
export const SECTIONS: SectionKind[] = [
  {
    name: 'explanations',
    summary: 'do the variants look where the baseline looks (saliency agreement)',
    build: async (ctx) => ctx.explanations.section(),
  },
  {
    name: 'optimizers',
    summary: 'SGD + momentum, RMSprop, AdamW and Adam curves on the study’s model and data',
    build: (ctx) => studyOptimizerSection(ctx.modelConfig, ctx.data, ctx.study.seed, ctx.backend, ctx.log),
  },
  {
    name: 'augmentation-grid',
    summary: 'a grid of augmented training images',
    skip: (ctx) => (isImages(ctx.data) ? undefined : 'the study’s data are not images'),
    async build(ctx) {
      const x = ctx.data.train.x;
      const sample = tf.slice(x, 0, Math.min(6, x.shape[0]));
      const grid = { data: (await sample.data()) as Float32Array, shape: sample.shape };
      sample.dispose();
      return augmentationGridSection(
        grid,
        new ImageAugmenter({ ...DEFAULT_TECHNIQUE_AUGMENT, seed: ctx.study.seed }),
      );
    },
  },
  {
    name: 'cleaning',
    summary: 'cleaning strategies compared on the study’s own table',
    skip: (ctx) => (isImages(ctx.data) ? 'the study’s data are images, not a table' : undefined),
    build: async (ctx) =>
      cleaningComparisonSection([compareCleaning(await studyTable(ctx.study), ctx.study.seed)]),
  },
];

/** The sections a study asks for (default: every one that applies), each with its skip reason. */
export function pickSections(ctx: SectionContext): Array<{ kind: SectionKind; skipped?: string }> {
  return pickSectionNames(ctx.study.sections).map((name) => {
    const kind = SECTIONS.find((s) => s.name === name)!;
    return { kind, skipped: kind.skip?.(ctx) };
  });
}

async function studyTable(study: ResolvedStudy): Promise<TabularDataset> {
  const d = study.dataset;
  if (d.name === 'table') {
    const table = await loadTable(d.path);
    return {
      name: d.path,
      table,
      task: 'classification',
      label: d.label!, // loading the study's data already refused a table without one
      features: d.features ?? table.columns.filter((c) => c !== d.label),
    };
  }
  return penguins();
}

/** The section names a study's `sections` resolves to (checked), or every section's. */
export function pickSectionNames(names: string[] | undefined): string[] {
  names?.forEach((name, i) => {
    if (!SECTIONS.some((s) => s.name === name))
      throw new FrontierError('UNKNOWN_SECTION', `unknown report section ${JSON.stringify(name)}`, {
        where: `sections[${i}]`,
        hint: `use some of: ${SECTIONS.map((s) => s.name).join(', ')}`,
      });
  });
  return names ?? SECTIONS.map((s) => s.name);
}
