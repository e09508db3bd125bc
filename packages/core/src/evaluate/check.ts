// `frontier config check`: a config validated exactly as evaluate, train and tune read
// it, with every default filled in; and the configs' JSON Schemas for editors.
import { z } from 'zod';
import { resolveStudy, type ResolvedStudy } from '../study/study.ts';
import { studySchema, techniqueEntrySchema } from '../study/schema.ts';
import { listTechniqueKinds } from '../study/technique.ts';
import { resolveTechniques } from '../techniques/index.ts';
import { tuneSchema } from '../tune/schema.ts';
import { validateSpace } from '../tune/space.ts';
import { parseConfig } from '../study/parse.ts';
import { pickSectionNames } from './sections.ts';

/** What a checked config resolves to. */
export interface CheckedConfig {
  kind: 'study' | 'tune';
  /** The study with every default filled in. */
  study: ResolvedStudy;
  /** The technique rows evaluate would run, in order. */
  techniques: string[];
  /** The report sections named or available. */
  sections: string[];
  /** For a tune config: its search space and settings as given. */
  search?: unknown;
  tune?: unknown;
}

/**
 * Validates a study or tune config (a tune config is one with a `search` block) the way
 * the commands read it, on `backend`, and returns it resolved. Throws ConfigError or
 * FrontierError naming the path; `source` names the file in messages.
 */
export function checkConfig(input: unknown, backend: string, source?: string): CheckedConfig {
  const isTune = typeof input === 'object' && input !== null && 'search' in input;
  let given = input;
  let extra: Pick<CheckedConfig, 'search' | 'tune'> = {};
  if (isTune) {
    const { search, tune, ...rest } = parseConfig(tuneSchema, input, source);
    validateSpace(search as unknown as Parameters<typeof validateSpace>[0]);
    given = rest;
    extra = { search, tune };
  }
  const study = resolveStudy(given, backend, source);
  return {
    kind: isTune ? 'tune' : 'study',
    study,
    techniques: resolveTechniques(study.techniques, backend).map((t) => t.name),
    sections: pickSectionNames(study.sections),
    ...extra,
  };
}

/** The study schema with every registered technique kind's parameters, for JSON Schema. */
function fullStudySchema(base: z.ZodObject): z.ZodObject {
  const kinds = listTechniqueKinds().map((k) =>
    k.params.extend({ kind: z.literal(k.kind), name: z.string().min(1).optional() }).describe(k.summary),
  );
  const entry = z.union([techniqueEntrySchema.options[0], ...kinds]);
  return base.extend({
    techniques: z
      .array(entry)
      .min(1)
      .optional()
      .describe(base.shape.techniques.description ?? ''),
  });
}

/** The JSON Schema (draft 2020-12) of a study config (`kind` 'study') or a tune config. */
export function configJsonSchema(kind: 'study' | 'tune'): Record<string, unknown> {
  const schema = fullStudySchema(kind === 'study' ? studySchema : tuneSchema);
  return {
    ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
    title: kind === 'study' ? 'Frontier study config' : 'Frontier tune config',
  };
}
