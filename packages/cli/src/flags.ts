// Command-line values go through the same zod schemas as config files: `--epochs abc`,
// `--sparsity 1.5` and `--temperature x` fail the way `"epochs": "abc"` does, naming
// the flag, instead of becoming NaN.
import { z } from 'zod';
import { FrontierError } from '@frontier/core';
import { parseConfig } from '@frontier/core/study';

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i;

/**
 * A commander parser: reads a number (anything else stays a string, so the schema
 * names it) and checks it against `schema`. Errors say `flag`, and `path` when the
 * flag overrides a config field (`--epochs` → `train.epochs`).
 */
export function checkedFlag<S extends z.ZodType>(
  flag: string,
  schema: S,
  path?: string,
): (raw: string) => z.output<S> {
  return (raw) => {
    try {
      return parseConfig(schema, NUMBER.test(raw) ? Number(raw) : raw, path ? flag : undefined, path ?? flag);
    } catch (err) {
      if (!(err instanceof FrontierError)) throw err;
      throw new FrontierError(err.code, err.message, {
        where: err.where,
        hint: `pass ${flag} a valid value (\`--help\` lists each flag)`,
        cause: err,
      });
    }
  };
}

/** An integer flag ≥ `min` (default 1). */
export const intFlag = (flag: string, min = 1) => checkedFlag(flag, z.int().min(min));

/** A number flag strictly between 0 and 1. */
export const fractionFlag = (flag: string) => checkedFlag(flag, z.number().gt(0).lt(1));
