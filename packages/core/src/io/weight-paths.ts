import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, resolve, sep, win32 } from 'node:path';
import { FrontierError } from '../util/errors.ts';

const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * Checks one weightsManifest path without touching the disk and returns it normalized
 * (POSIX separators, no `.` segments). Rejects, each with its own code: NUL bytes
 * (`MODEL_WEIGHT_PATH_NUL`), absolute paths on any platform (`MODEL_WEIGHT_PATH_ABSOLUTE`),
 * URL schemes such as `http:` or `file:` (`MODEL_WEIGHT_PATH_URL`), backslashes and empty
 * paths (`MODEL_WEIGHT_PATH_INVALID`), and paths that leave the model folder or name the
 * folder itself (`MODEL_WEIGHT_PATH_ESCAPE`). `modelJsonPath` is named in every message.
 */
export function checkWeightPath(path: string, modelJsonPath: string, where: string): string {
  const shown = JSON.stringify(path);
  const fail = (code: string, why: string, hint: string): never => {
    throw new FrontierError(code, `weight path ${shown} in ${modelJsonPath} ${why}`, { where, hint });
  };
  const keepInside = 'list weight files by a relative path inside the model folder, e.g. "weights.bin"';
  if (path.includes('\0')) fail('MODEL_WEIGHT_PATH_NUL', 'contains a NUL byte', keepInside);
  if (posix.isAbsolute(path) || win32.isAbsolute(path)) {
    fail('MODEL_WEIGHT_PATH_ABSOLUTE', 'is absolute', keepInside);
  }
  if (URL_SCHEME.test(path)) {
    fail('MODEL_WEIGHT_PATH_URL', 'is a URL; only files in the model folder are read', keepInside);
  }
  if (path.includes('\\')) {
    fail('MODEL_WEIGHT_PATH_INVALID', 'contains a backslash; manifest paths use "/"', keepInside);
  }
  if (path.length === 0) fail('MODEL_WEIGHT_PATH_INVALID', 'is empty', keepInside);
  const normalized = posix.normalize(path);
  if (normalized === '.' || normalized === './' || normalized === '..' || normalized.startsWith('../')) {
    fail('MODEL_WEIGHT_PATH_ESCAPE', 'escapes the model folder', keepInside);
  }
  return normalized;
}

/**
 * Resolves a path already accepted by {@link checkWeightPath} against `dir`, follows
 * symlinks, and returns the real path and size of the regular file it names. The real
 * path must lie inside the real path of `dir` (`MODEL_WEIGHT_PATH_SYMLINK_ESCAPE`);
 * a missing file is `MODEL_WEIGHT_FILE_MISSING`, a directory or device is
 * `MODEL_WEIGHT_FILE_NOT_FILE`.
 */
export async function resolveWeightFile(
  dir: string,
  relPath: string,
  modelJsonPath: string,
): Promise<{ realPath: string; size: number }> {
  const lexical = join(dir, ...relPath.split('/'));
  let realPath: string;
  let realDir: string;
  try {
    realDir = await realpath(dir);
    realPath = await realpath(lexical);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new FrontierError(
        'MODEL_WEIGHT_FILE_MISSING',
        `weight file ${lexical} listed in ${modelJsonPath} does not exist`,
        {
          where: lexical,
          hint: 'copy the whole model folder (model.json with its weight files)',
          cause: err,
        },
      );
    }
    throw err;
  }
  if (!isInside(realDir, realPath)) {
    throw new FrontierError(
      'MODEL_WEIGHT_PATH_SYMLINK_ESCAPE',
      `weight file ${lexical} listed in ${modelJsonPath} resolves to ${realPath}, outside the model folder ${realDir}`,
      { where: lexical, hint: 'replace the symlink with a copy of the file inside the model folder' },
    );
  }
  const info = await stat(realPath);
  if (!info.isFile()) {
    throw new FrontierError(
      'MODEL_WEIGHT_FILE_NOT_FILE',
      `weight file ${lexical} listed in ${modelJsonPath} is not a regular file`,
      { where: lexical, hint: 'weightsManifest paths must name regular files' },
    );
  }
  return { realPath, size: info.size };
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
