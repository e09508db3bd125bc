// What a checkpoint was trained with: the config that decides its weights, stored
// next to them so that resuming with another config is refused, not silently mixed.
import { createHash } from 'node:crypto';
import { FrontierError } from '../util/errors.ts';

/** The config a checkpoint belongs to, as canonical JSON (sorted keys) and its sha256. */
export interface CheckpointFingerprint {
  /** The config, with object keys sorted (undefined values dropped). */
  config: unknown;
  /** sha256 (hex) of `JSON.stringify(config)`. */
  sha256: string;
}

/** `value` with object keys sorted recursively and undefined entries dropped, for stable JSON. */
export function canonicalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonicalize(v)));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonicalize(v);
    }
    return out;
  }
  return value;
}

/** The fingerprint of `config`: its canonical form and the sha256 of that form's JSON. */
export function fingerprintOf(config: unknown): CheckpointFingerprint {
  const canonical = canonicalize(config);
  return { config: canonical, sha256: createHash('sha256').update(JSON.stringify(canonical)).digest('hex') };
}

/** One differing key: its dotted path (`train.optimizer.learningRate`) and both values. */
export interface FingerprintDifference {
  key: string;
  old: unknown;
  new: unknown;
}

/**
 * The leaf keys where two configs differ, as dotted paths in sorted order. Arrays
 * compare whole (a changed layer list is one difference, `model.layers`).
 */
export function fingerprintDiff(old: unknown, now: unknown, prefix = ''): FingerprintDifference[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(old) && isObject(now)) {
    const keys = [...new Set([...Object.keys(old), ...Object.keys(now)])].sort();
    return keys.flatMap((k) => fingerprintDiff(old[k], now[k], prefix ? `${prefix}.${k}` : k));
  }
  const a = JSON.stringify(canonicalize(old));
  const b = JSON.stringify(canonicalize(now));
  return a === b ? [] : [{ key: prefix || '(root)', old, new: now }];
}

/**
 * Throws `CHECKPOINT_CONFIG_MISMATCH` (where = `dir`) when the checkpoint's fingerprint
 * `stored` differs from `current`, naming each differing key as `key: old → new`. A
 * checkpoint without a fingerprint (written before fingerprints, or by `fit` alone)
 * is accepted: there is nothing to compare.
 */
export function checkFingerprint(
  dir: string,
  stored: CheckpointFingerprint | undefined,
  current: CheckpointFingerprint,
): void {
  if (!stored || stored.sha256 === current.sha256) return;
  const diffs = fingerprintDiff(stored.config, current.config);
  const show = (v: unknown) => (v === undefined ? '(unset)' : JSON.stringify(v));
  const list = diffs.length
    ? diffs.map((d) => `${d.key}: ${show(d.old)} → ${show(d.new)}`).join('; ')
    : 'the stored config hash differs';
  throw new FrontierError(
    'CHECKPOINT_CONFIG_MISMATCH',
    `the checkpoint was trained with another config (${list})`,
    {
      where: dir,
      hint: 'use another --checkpoint-dir for this config, or resume with the config the checkpoint was trained with (only epochs may change)',
    },
  );
}
