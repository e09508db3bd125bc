/**
 * Secrets never leave the process: a password in a tracking URL (config field
 * `tracking`, the `--tracking` flag, FRONTIER_TRACKING_URL) is replaced by `***`
 * before anything is stored (run config, params, error text) or shown (error
 * messages, `location`). The stores apply {@link redactSecrets} to everything they
 * write, so a caller that forgets cannot leak the password into the database.
 */

/** What replaces a secret. */
export const REDACTED = '***';

// scheme://user:PASSWORD@host — the password runs to the last '@' before the path,
// query or fragment, so an unencoded '@' inside it is still covered.
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*:)[^\s/?#]*@/gi;
// ?password=…, &sslpassword=…, &token=… in a connection string's query.
const QUERY_SECRET = /([?&](?:ssl)?(?:password|passwd|pwd|secret|token|api[_-]?key)=)[^&#\s"']*/gi;

/** The text with every URL password and secret query parameter replaced by `***`. */
export function redactSecrets(text: string): string {
  return text.replace(URL_PASSWORD, `$1${REDACTED}@`).replace(QUERY_SECRET, `$1${REDACTED}`);
}

/** A URL with its password replaced by `***`, for messages and `location`. Same as {@link redactSecrets}. */
export function redactUrl(url: string): string {
  return redactSecrets(url);
}

/**
 * A deep copy of a JSON-like value with every string passed through
 * {@link redactSecrets}, object keys included. Non-plain values (Date, BigInt,
 * functions) are returned unchanged so JSON serialization reports them as before.
 */
export function redactValue<T>(value: T): T {
  return redactIn(value, new WeakSet()) as T;
}

function redactIn(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  // A cycle is left for JSON.stringify to reject with its usual error.
  if (seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactIn(v, seen));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[redactSecrets(k)] = redactIn(v, seen);
  return out;
}

/**
 * An error with secrets removed from its message, for storing or printing. A
 * FrontierError keeps its class, code, where and hint (all redacted); its cause,
 * which may hold the raw URL (Node's invalid-URL error carries `input`), is
 * replaced by a plain Error with a redacted message.
 */
export function redactError<E>(err: E): E {
  if (!(err instanceof Error)) return err;
  // Plain writable own properties on Error instances and FrontierError (readonly is compile-time only).
  const e = err as unknown as Record<string, unknown>;
  for (const key of ['message', 'stack', 'where', 'hint', 'input']) {
    if (typeof e[key] === 'string') e[key] = redactSecrets(e[key]);
  }
  if (err.cause instanceof Error) e.cause = plainCopy(err.cause);
  else if (typeof err.cause === 'string') e.cause = redactSecrets(err.cause);
  return err;
}

function plainCopy(err: Error): Error {
  const copy = new Error(redactSecrets(err.message));
  copy.name = err.name;
  const code = (err as { code?: unknown }).code;
  if (code !== undefined) (copy as Error & { code?: unknown }).code = code;
  copy.stack = redactSecrets(err.stack ?? copy.stack ?? '');
  return copy;
}
