// Parses any config kind (study, tune, later serve) against its zod schema and turns
// every problem into one FrontierError that names the JSON path, what was wrong and,
// for a misspelt key, the key that was probably meant.
import { z } from 'zod';
import { FrontierError } from '../util/errors.ts';

/** One problem in a config: its JSON path (`train.epochs`), what is wrong, and a fix. */
export interface ConfigIssue {
  path: string;
  message: string;
  hint?: string;
}

/** The fix shown for an issue whose message already says what the value must be. */
export const GENERIC_CONFIG_HINT =
  'give that key a value as the message says (schema/*.schema.json documents every key)';

/** A config that failed its schema: every issue, and the first one as `where`/`message`. */
export class ConfigError extends FrontierError {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[], source: string | undefined) {
    const first = issues[0];
    const more =
      issues.length > 1
        ? ` (and ${issues.length - 1} more problem(s): ${issues
            .slice(1)
            .map((i) => `${i.path}: ${i.message}`)
            .join('; ')})`
        : '';
    super('CONFIG_INVALID', `${first.message}${more}`, {
      where: source ? `${source}: ${first.path}` : first.path,
      hint: first.hint ?? GENERIC_CONFIG_HINT,
    });
    this.issues = issues;
  }
}

/**
 * Validates `input` against `schema`. `source` names where the config came from (a
 * file, `--epochs`), for messages. Throws ConfigError listing every issue.
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  input: unknown,
  source?: string,
  at?: string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  if (at) {
    const inner = parseConfigIssues(schema, input, result.error);
    throw new ConfigError(
      inner.map((i) => {
        const path = i.path === '(root)' ? at : `${at}${i.path.startsWith('[') ? '' : '.'}${i.path}`;
        return { ...i, path, message: i.message.replace(i.path, path) };
      }),
      source,
    );
  }
  throw new ConfigError(parseConfigIssues(schema, input, result.error), source);
}

function parseConfigIssues(schema: z.ZodType, input: unknown, error: z.ZodError): ConfigIssue[] {
  // Misspelt keys first: they usually explain the other issues (a required key "missing").
  const issues = [...error.issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  return issues.flatMap((issue) => describeIssue(schema, input, issue));
}

/** Joins a zod path as `train.optimizer.name` / `techniques[2].kind`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(root)';
}

function describeIssue(root: z.ZodType, input: unknown, issue: z.core.$ZodIssue): ConfigIssue[] {
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(root, input, issue.path);
      return issue.keys.map((key) => {
        const guess = closest(key, known);
        const at = issue.path.length ? `${path}.${key}` : key;
        return {
          path: at,
          message: `unknown key ${JSON.stringify(key)}`,
          hint: guess
            ? `did you mean ${JSON.stringify(guess)}?`
            : known.length
              ? `known keys here: ${known.join(', ')}`
              : 'remove it',
        };
      });
    }
    case 'invalid_type': {
      const got = valueAt(input, issue.path);
      return [
        {
          path,
          message:
            got === undefined
              ? `${path} is required`
              : `${path} must be ${article(issue.expected)}, got ${JSON.stringify(got)}`,
        },
      ];
    }
    case 'invalid_value':
      return [
        {
          path,
          message: `${path} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(valueAt(input, issue.path))}`,
        },
      ];
    case 'too_small':
    case 'too_big': {
      const got = valueAt(input, issue.path);
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const cmp = issue.code === 'too_small' ? (issue.inclusive ? '≥' : '>') : issue.inclusive ? '≤' : '<';
      const what =
        issue.origin === 'array' ? 'entries' : issue.origin === 'string' ? 'characters' : undefined;
      return [
        {
          path,
          message: what
            ? `${path} must have ${cmp} ${String(bound)} ${what}`
            : `${path} must be ${cmp} ${String(bound)}, got ${JSON.stringify(got)}`,
        },
      ];
    }
    case 'invalid_union': {
      const got = valueAt(input, issue.path);
      if ('discriminator' in issue && issue.discriminator) {
        const tags = ((issue as { options?: unknown[] }).options ?? []).map(String);
        const guess = typeof got === 'string' ? closest(got, tags) : undefined;
        return [
          {
            path,
            message:
              got === undefined
                ? `${path} is required`
                : `unknown ${String(issue.path[issue.path.length - 1])} ${JSON.stringify(got)}`,
            hint: `${guess ? `did you mean ${JSON.stringify(guess)}? ` : ''}use one of: ${tags.map((t) => JSON.stringify(t)).join(', ')}`,
          },
        ];
      }
      // Describe the branch that matched best: the deepest issue, and one that is
      // not "wrong type here" over one that is.
      const score = (b: z.core.$ZodIssue[]) =>
        Math.max(...b.map((i) => i.path.length + (i.code === 'invalid_type' ? 0 : 0.5)));
      const best = issue.errors
        .filter((b) => b.length > 0)
        .sort((a, b) => score(b) - score(a))[0]
        ?.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as z.core.$ZodIssue);
      if (best && !(best.length === 1 && best[0].code === 'invalid_type'))
        return best.flatMap((i) => describeIssue(root, input, i));
      return [{ path, message: `${path} has an unexpected value ${JSON.stringify(got)}` }];
    }
    default:
      return [{ path, message: `${path}: ${issue.message}` }];
  }
}

function article(t: string): string {
  if (t === 'int') return 'an integer';
  if (t === 'array' || t === 'object') return `an ${t}`;
  return `a ${t}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/** The schema at `path`, following the branch of unions that `input` takes. */
function schemaAt(schema: z.ZodType, input: unknown, path: readonly PropertyKey[]): z.ZodType[] {
  let current: z.ZodType[] = [schema];
  let value = input;
  for (const key of [...path, undefined]) {
    current = current.flatMap((s) => unwrap(s, value));
    if (key === undefined) break;
    value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    current = current.flatMap((s) => {
      if (s instanceof z.ZodObject)
        return s.shape[key as string] ? [s.shape[key as string] as z.ZodType] : [];
      if (s instanceof z.ZodArray) return [s.element as z.ZodType];
      if (s instanceof z.ZodTuple) return [(s.def.items[key as number] ?? s.def.items[0]) as z.ZodType];
      return [];
    });
  }
  return current;
}

function unwrap(s: z.ZodType, value: unknown): z.ZodType[] {
  if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault)
    return unwrap(s.def.innerType as z.ZodType, value);
  if (s instanceof z.ZodUnion) {
    const options = s.def.options as z.ZodType[];
    const objects = options.flatMap((o) => unwrap(o, value)).filter((o) => o instanceof z.ZodObject);
    // A discriminated union: the option whose literal matches the value's tag.
    const disc = (s.def as { discriminator?: string }).discriminator;
    if (disc && value && typeof value === 'object') {
      const tag = (value as Record<string, unknown>)[disc];
      const hit = objects.filter((o) => {
        const lit = (o as z.ZodObject).shape[disc];
        return lit instanceof z.ZodLiteral && lit.def.values.includes(tag as never);
      });
      if (hit.length) return hit;
    }
    return objects.length ? objects : options;
  }
  return [s];
}

function knownKeys(root: z.ZodType, input: unknown, path: readonly PropertyKey[]): string[] {
  const keys = schemaAt(root, input, path).flatMap((s) =>
    s instanceof z.ZodObject ? Object.keys(s.shape) : [],
  );
  return [...new Set(keys)];
}

/** The known key closest to `key` (edit distance ≤ 2, or a prefix), if any. */
export function closest(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d =
      k.startsWith(key) || key.startsWith(k)
        ? Math.min(1, levenshtein(key, k))
        : levenshtein(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
