/**
 * Picks the tracking store from a URL, so every command and library call takes one
 * string (or the FRONTIER_TRACKING_URL environment variable) to say where runs go.
 */
import { join } from 'node:path';
import { FrontierError } from '../util/errors.ts';
import { redactUrl } from './redact.ts';
import { PostgresStore } from './postgres-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import { DEFAULT_STALE_AFTER_MS, type TrackingStore } from './store.ts';

/** Where runs go when neither an argument nor FRONTIER_TRACKING_URL says: relative to the current directory. */
export const DEFAULT_TRACKING_PATH = join('.frontier', 'tracking.db');

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /**
   * Supervised runs silent for longer than this are marked `crashed` on open.
   * Default: env FRONTIER_STALE_AFTER_MS, else 60 000 ms.
   */
  readonly staleAfterMs?: number;
}

/**
 * Opens the store named by `url`, else env FRONTIER_TRACKING_URL, else
 * `.frontier/tracking.db` under the current directory.
 *
 * - a plain path, or `sqlite:PATH` → SQLite (parent folders created; `sqlite::memory:` for in-memory)
 * - `postgres://…` or `postgresql://…` → PostgreSQL (`?schema=NAME` keeps the tables in that schema)
 *
 * Any other `scheme:` throws `TRACK_BAD_URL`. The store is migrated before it is
 * returned, and running runs whose heartbeat went stale are marked `crashed`
 * (see {@link TrackingStore.markStaleRuns}), so the next command finds them.
 * Errors never contain the URL's password.
 */
export async function openStore(url?: string, options: OpenStoreOptions = {}): Promise<TrackingStore> {
  const staleAfterMs = options.staleAfterMs ?? staleAfterFromEnv();
  const store = await openByUrl(url);
  try {
    await store.markStaleRuns({ staleAfterMs });
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

function staleAfterFromEnv(): number {
  const text = process.env.FRONTIER_STALE_AFTER_MS;
  if (text === undefined || text === '') return DEFAULT_STALE_AFTER_MS;
  const ms = Number(text);
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new FrontierError(
      'TRACK_BAD_STALE',
      `FRONTIER_STALE_AFTER_MS must be a positive number of ms, got ${JSON.stringify(text)}`,
      {
        where: 'FRONTIER_STALE_AFTER_MS',
        hint: `unset it for the default ${DEFAULT_STALE_AFTER_MS} ms`,
      },
    );
  }
  return ms;
}

async function openByUrl(url: string | undefined): Promise<TrackingStore> {
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
