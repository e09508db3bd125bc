/**
 * Caps applied when loading a model folder. Every field is optional; a missing
 * field takes the value in {@link DEFAULT_LOAD_LIMITS}.
 *
 * - `maxModelJsonBytes`: largest model.json accepted, checked before parsing. Default 64 MiB.
 * - `maxFiles`: most weight files (and most manifest groups). Default 1,000.
 * - `maxEntries`: most weight entries over all groups. Default 10,000.
 * - `maxRank`: most dimensions in one weight's shape. Default 8.
 * - `maxWeightBytes`: most weight bytes over all files (one buffer holds them). Default 2 GiB.
 */
export interface LoadLimits {
  maxModelJsonBytes?: number;
  maxFiles?: number;
  maxEntries?: number;
  maxRank?: number;
  maxWeightBytes?: number;
}

/** The defaults behind {@link LoadLimits}. */
export const DEFAULT_LOAD_LIMITS: Readonly<Required<LoadLimits>> = Object.freeze({
  maxModelJsonBytes: 64 * 1024 * 1024,
  maxFiles: 1_000,
  maxEntries: 10_000,
  maxRank: 8,
  maxWeightBytes: 2 * 1024 * 1024 * 1024,
});

/** `limits` with every missing field filled from {@link DEFAULT_LOAD_LIMITS}. */
export function resolveLimits(limits: LoadLimits = {}): Required<LoadLimits> {
  const out = { ...DEFAULT_LOAD_LIMITS };
  for (const key of Object.keys(out) as Array<keyof LoadLimits>) {
    const value = limits[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
