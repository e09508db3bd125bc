import { createHash } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.ts';
import { FrontierError } from '../util/errors.ts';
import type { NamedArray, TrainingSnapshot } from './callback.ts';
import type { CheckpointFingerprint } from './checkpoint-fingerprint.ts';

const MANIFEST = 'checkpoint.json';
const FORMAT = 'frontier-checkpoint/1';

interface Manifest {
  format: typeof FORMAT;
  epoch: number;
  step: number;
  history: TrainingSnapshot['history'];
  file: string;
  bytes: number;
  sha256: string;
  tensors: Array<{
    group: 'model' | 'optimizer';
    name: string;
    shape: number[];
    offset: number;
    length: number;
  }>;
  /** The config the checkpoint was trained with, when the writer gave one. */
  fingerprint?: CheckpointFingerprint;
}

/**
 * Writes a training snapshot into `dir`: the arrays go to `ckpt-<epoch>.bin`, then
 * `checkpoint.json` (which names that file and its sha256) replaces the previous
 * manifest. Both writes are atomic and the manifest goes last, so a process killed
 * at any instant leaves the previous complete checkpoint or the new one. `fingerprint`
 * (the config that decides the weights) goes into the manifest, with the checkpoint.
 */
export async function saveCheckpoint(
  dir: string,
  snap: TrainingSnapshot,
  fingerprint?: CheckpointFingerprint,
): Promise<void> {
  const arrays = [
    ...snap.model.map((a) => ({ group: 'model' as const, a })),
    ...snap.optimizer.map((a) => ({ group: 'optimizer' as const, a })),
  ];
  const total = arrays.reduce((n, { a }) => n + a.data.length, 0);
  const buffer = new Float32Array(total);
  const tensors: Manifest['tensors'] = [];
  let offset = 0;
  for (const { group, a } of arrays) {
    buffer.set(a.data, offset);
    tensors.push({ group, name: a.name, shape: a.shape, offset, length: a.data.length });
    offset += a.data.length;
  }
  const bytes = new Uint8Array(buffer.buffer);
  const file = `ckpt-${String(snap.epoch).padStart(6, '0')}.bin`;
  await writeFileAtomic(join(dir, file), bytes);
  const manifest: Manifest = {
    format: FORMAT,
    epoch: snap.epoch,
    step: snap.step,
    history: snap.history,
    file,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    tensors,
    ...(fingerprint ? { fingerprint } : {}),
  };
  await writeFileAtomic(join(dir, MANIFEST), JSON.stringify(manifest, null, 1));
  for (const old of await readdir(dir)) {
    if (/^ckpt-\d+\.bin$/.test(old) && old !== file) await rm(join(dir, old), { force: true });
  }
}

/**
 * Reads the checkpoint in `dir`, or returns undefined when there is none yet.
 * A manifest whose data file is missing, short or fails its sha256 is an error,
 * never a silently different model.
 */
export async function loadCheckpoint(dir: string): Promise<TrainingSnapshot | undefined> {
  const m = await readManifest(dir);
  if (!m) return undefined;
  const dataPath = join(dir, m.file);
  const bytes = await readFile(dataPath).catch(() => undefined);
  const sha = bytes && createHash('sha256').update(bytes).digest('hex');
  if (!bytes || bytes.length !== m.bytes || sha !== m.sha256) {
    throw new FrontierError(
      'CHECKPOINT_CORRUPT',
      `checkpoint data is missing or does not match its manifest`,
      {
        where: dataPath,
        hint: 'delete the checkpoint folder to start over',
      },
    );
  }
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const pick = (group: 'model' | 'optimizer'): NamedArray[] =>
    m.tensors
      .filter((t) => t.group === group)
      .map((t) => ({ name: t.name, shape: t.shape, data: all.slice(t.offset, t.offset + t.length) }));
  return {
    epoch: m.epoch,
    step: m.step,
    history: m.history,
    model: pick('model'),
    optimizer: pick('optimizer'),
  };
}

/**
 * The fingerprint stored with the checkpoint in `dir`: undefined when there is no
 * checkpoint, or it was written without one.
 */
export async function readCheckpointFingerprint(dir: string): Promise<CheckpointFingerprint | undefined> {
  return (await readManifest(dir))?.fingerprint;
}

/** The manifest in `dir`, checked for its format; undefined when there is none. */
async function readManifest(dir: string): Promise<Manifest | undefined> {
  const manifestPath = join(dir, MANIFEST);
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new FrontierError('CHECKPOINT_READ', `cannot read the checkpoint: ${(err as Error).message}`, {
      where: manifestPath,
      hint: 'pass a folder as the checkpoint directory, and check its permissions',
      cause: err,
    });
  }
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch (err) {
    throw new FrontierError(
      'CHECKPOINT_CORRUPT',
      `checkpoint manifest is not valid JSON: ${(err as Error).message}`,
      {
        where: manifestPath,
        hint: 'delete the checkpoint folder to start over',
      },
    );
  }
  if (m.format !== FORMAT) {
    throw new FrontierError('CHECKPOINT_FORMAT', `unknown checkpoint format ${JSON.stringify(m.format)}`, {
      where: manifestPath,
      hint: `this Frontier reads ${FORMAT}`,
    });
  }
  return m;
}
