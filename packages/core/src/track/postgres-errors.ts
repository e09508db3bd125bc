/**
 * PostgreSQL failures in the user's words: connection, login and permission errors
 * become FrontierErrors that say what to do; URLs are shown without passwords.
 */
import { FrontierError } from '../util/errors.ts';
import { redactError } from './redact.ts';

const FIX_UNREACHABLE =
  'start PostgreSQL (for a local test server: eval "$(scripts/postgres.sh)") or fix the host/port in FRONTIER_TRACKING_URL';

/**
 * Turns connection and permission errors into FrontierErrors with the fix; others
 * pass through. Either way, secrets are redacted from the result (message, where,
 * hint, stack, cause), since driver messages can echo the connection string.
 */
export function explainPgError(err: unknown, where: string): unknown {
  return redactError(explainRaw(err, where));
}

function explainRaw(err: unknown, where: string): unknown {
  if (err instanceof FrontierError || !(err instanceof Error)) return err;
  const inner = (err as { errors?: unknown[] }).errors?.[0] as { code?: unknown } | undefined;
  const code = (err as { code?: unknown }).code ?? inner?.code;
  const make = (c: string, message: string, hint: string) =>
    new FrontierError(c, `${message}: ${err.message || String(code)}`, { where, hint, cause: err });
  // pg's own connect timeout carries no code, only this message.
  if (code === undefined && /connection timeout|timeout expired/i.test(err.message)) {
    return make(
      'TRACK_DB_UNREACHABLE',
      'timed out connecting to the PostgreSQL tracking database',
      FIX_UNREACHABLE,
    );
  }
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case '57P03': // cannot_connect_now: starting up or shutting down
      return make('TRACK_DB_UNREACHABLE', 'cannot reach the PostgreSQL tracking database', FIX_UNREACHABLE);
    case '28P01':
    case '28000':
      return make(
        'TRACK_DB_AUTH',
        'PostgreSQL rejected the login',
        'check the user and password in the tracking URL',
      );
    case '3D000':
      return make(
        'TRACK_DB_UNREACHABLE',
        'the PostgreSQL database does not exist',
        'create it (createdb NAME) or fix the database name in the URL',
      );
    case '42501':
      return make(
        'TRACK_DB_PERMISSION',
        'the PostgreSQL user lacks a permission the tracking store needs',
        'grant the user CREATE on the database/schema, or use the owner',
      );
    default:
      return err;
  }
}
