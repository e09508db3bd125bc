/**
 * Picks the tracking store from a URL, so every command and library call takes one
 * string (or the FRONTIER_TRACKING_URL environment variable) to say where runs go.
 */
import { join } from 'node:path';
import { FrontierError } from '../util/errors.ts';
import { redactUrl } from './postgres-errors.ts';
import { PostgresStore } from './postgres-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { TrackingStore } from './store.ts';

/** Where runs go when neither an argument nor FRONTIER_TRACKING_URL says: relative to the current directory. */
export const DEFAULT_TRACKING_PATH = join('.frontier', 'tracking.db');

/**
 * Opens the store named by `url`, else env FRONTIER_TRACKING_URL, else
 * `.frontier/tracking.db` under the current directory.
 *
 * - a plain path, or `sqlite:PATH` → SQLite (parent folders created; `sqlite::memory:` for in-memory)
 * - `postgres://…` or `postgresql://…` → PostgreSQL (`?schema=NAME` keeps the tables in that schema)
 *
 * Any other `scheme:` throws `TRACK_BAD_URL`. The store is migrated before it is returned.
 */
export async function openStore(url?: string): Promise<TrackingStore> {
  const fromEnv = process.env.FRONTIER_TRACKING_URL;
  const target = url ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_TRACKING_PATH);
  const source = url !== undefined ? 'openStore(url)' : fromEnv ? 'FRONTIER_TRACKING_URL' : 'default';
  if (target.trim() === '') {
    throw new FrontierError('TRACK_BAD_URL', 'tracking store URL is empty', {
      where: source,
      hint: `pass a path, sqlite:PATH or postgres://…, or omit it to use ${DEFAULT_TRACKING_PATH}`,
    });
  }
  if (/^postgres(ql)?:\/\//i.test(target)) return PostgresStore.open(target);
  if (/^sqlite:/i.test(target))
    return SqliteStore.open(target.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, ''));
  // A scheme is two or more letters before ':'; one letter is a Windows drive (C:\runs\t.db).
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(target);
  if (scheme) {
    throw new FrontierError(
      'TRACK_BAD_URL',
      `unknown tracking store scheme ${JSON.stringify(scheme[1] + ':')}`,
      {
        where: `${source}: ${redactUrl(target)}`,
        hint: 'use a file path, sqlite:PATH, postgres://USER:PASSWORD@HOST:PORT/DB or postgresql://…',
      },
    );
  }
  return SqliteStore.open(target);
}
