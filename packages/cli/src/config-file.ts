import { readFile } from 'node:fs/promises';
import { FrontierError, type StudyConfig } from '@frontier/core';

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
