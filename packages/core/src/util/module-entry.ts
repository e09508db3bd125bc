/**
 * Entry points of worker threads and child processes, from sources or from dist/.
 *
 * In the repository, modules run as TypeScript through tsx; in an installed package
 * they run as the compiled JavaScript in dist/, with no tsx. A module that starts a
 * worker or a child on a sibling file asks here for that file's URL and for the
 * Node flags it needs, so the same code works both ways. `base` is always the
 * caller's `import.meta.url`.
 */
import { FrontierError } from './errors.ts';

/** Whether `base` (an `import.meta.url`) is a TypeScript source rather than compiled JavaScript. */
export function isSourceModule(base: string): boolean {
  return /\.[cm]?ts$/.test(new URL(base).pathname);
}

/**
 * URL of the sibling module `name` (a path relative to `base`, without extension) in
 * the caller's own flavour: `name.ts` beside a source module, `name.js` beside a
 * compiled one.
 */
export function siblingModule(name: string, base: string): URL {
  return new URL(`${name}${isSourceModule(base) ? '.ts' : '.js'}`, base);
}

/**
 * Node flags a child process needs to run a module from {@link siblingModule}: tsx's
 * loader when the caller runs from sources, nothing when it runs from dist/.
 */
export function loaderArgs(base: string): string[] {
  if (!isSourceModule(base)) return [];
  try {
    return ['--import', import.meta.resolve('tsx')];
  } catch {
    throw new FrontierError('TSX_MISSING', 'running Frontier from TypeScript sources needs tsx', {
      where: base,
      hint: 'run `npm ci` in the repository, or run the compiled package (npm run build)',
    });
  }
}
