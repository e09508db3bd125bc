import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { activeBackend, FrontierError, resolveStudy, type StudyConfig } from '@frontier/core';
import { checkConfig } from '@frontier/core/evaluate';
import { trainSchema } from '@frontier/core/study';
import { checkedFlag } from './flags.ts';

/** Reads a study config JSON file; no path means the default study `{}`. */
export async function readStudyConfig(path: string | undefined): Promise<StudyConfig> {
  if (!path) return {};
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new FrontierError('CONFIG_UNREADABLE', `cannot read config: ${(err as Error).message}`, {
      where: path,
      hint: 'pass the path of a JSON config file, or no argument for the default study',
    });
  }
  try {
    return JSON.parse(text) as StudyConfig;
  } catch (err) {
    throw new FrontierError('CONFIG_JSON', `config is not valid JSON: ${(err as Error).message}`, {
      where: path,
      hint: 'check the file with `node -e "JSON.parse(require(\'fs\').readFileSync(process.argv[1]))" FILE`',
    });
  }
}

/** The budget flags evaluate and train share. */
export interface StudyFlags {
  epochs?: number;
  trainLimit?: number;
  testLimit?: number;
  tracking?: string;
  images?: string;
}

/** Adds the shared budget and tracking flags to a study command. */
export function studyOptions(cmd: Command): Command {
  const train = trainSchema.shape;
  return cmd
    .option(
      '--epochs <n>',
      'override train.epochs',
      checkedFlag('--epochs', train.epochs.unwrap(), 'train.epochs'),
    )
    .option(
      '--train-limit <n>',
      'train on the first N examples',
      checkedFlag('--train-limit', train.trainLimit.unwrap(), 'train.trainLimit'),
    )
    .option(
      '--test-limit <n>',
      'test on the first N examples',
      checkedFlag('--test-limit', train.testLimit.unwrap(), 'train.testLimit'),
    )
    .option('--tracking <url>', 'tracking store: a SQLite path or postgres:// URL')
    .option('--images <folder>', 'data set: a folder with one subfolder of PNG/JPEG images per class');
}

/**
 * Reads the config file, applies the flags over it and checks the result against the
 * study schema (errors name the file and the JSON path), before any work starts.
 */
export async function studyConfig(path: string | undefined, flags: StudyFlags): Promise<StudyConfig> {
  const config = await readStudyConfig(path);
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    resolveStudy(config, 'cpu', path);
  config.train = { ...config.train };
  if (flags.epochs !== undefined) config.train.epochs = flags.epochs;
  if (flags.trainLimit !== undefined) config.train.trainLimit = flags.trainLimit;
  if (flags.testLimit !== undefined) config.train.testLimit = flags.testLimit;
  config.tracking ??= flags.tracking;
  if (flags.images !== undefined)
    config.dataset =
      config.dataset?.name === 'images'
        ? { ...config.dataset, path: flags.images }
        : { name: 'images', path: flags.images };
  checkConfig(config, activeBackend(), path);
  return config;
}
