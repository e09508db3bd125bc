import { CommanderError, type OutputConfiguration } from 'commander';
import { FrontierError } from '@frontier/core';
import { redactSecrets, redactValue } from '@frontier/core/track';

/** Global flags every command honours. */
export interface GlobalFlags {
  json?: boolean;
  verbose?: boolean;
}

/**
 * Prints `value` as JSON on stdout (for --json), or `human()` otherwise. Passwords in
 * URLs are redacted either way (a resolved config carries its `tracking` URL).
 */
export function emit(flags: GlobalFlags, value: unknown, human: () => string): void {
  process.stdout.write(
    flags.json ? `${JSON.stringify(redactValue(value), null, 2)}\n` : `${redactSecrets(human())}\n`,
  );
}

/** The machine-readable form of an error, printed on stderr under --json. */
export interface ErrorJson {
  error: {
    /** Stable code: a FrontierError's (`TRACK_UNKNOWN_RUN`), `CLI_USAGE` for a bad command line, else `INTERNAL`. */
    code: string;
    message: string;
    /** Where the problem is (file, config key, store); null when unknown. */
    where: string | null;
    /** How to fix it; null when there is no advice. */
    hint: string | null;
  };
}

/** `{"error": {code, message, where, hint}}` for any thrown value, secrets redacted. */
export function errorJson(err: unknown): ErrorJson {
  const clean = (s: string | undefined) => (s === undefined ? null : redactSecrets(s));
  if (err instanceof FrontierError) {
    return {
      error: {
        code: err.code,
        message: redactSecrets(err.message),
        where: clean(err.where),
        hint: clean(err.hint),
      },
    };
  }
  if (err instanceof CommanderError) {
    return {
      error: {
        code: 'CLI_USAGE',
        message: redactSecrets(err.message.replace(/^error: /, '')),
        where: 'command line',
        hint: 'see frontier --help, or frontier COMMAND --help',
      },
    };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return {
    error: {
      code: 'INTERNAL',
      message: redactSecrets(e.message),
      where: null,
      hint: 'run with --verbose for the stack trace',
    },
  };
}

/**
 * Formats an error for the terminal: one clear message (where, what, fix) for
 * Frontier's own errors; the stack only with --verbose; with `json`, the
 * {@link errorJson} object on one line. Passwords in URLs are always redacted.
 */
export function formatError(err: unknown, verbose: boolean, json = false): string {
  if (json) return JSON.stringify(errorJson(err));
  if (err instanceof FrontierError) {
    return redactSecrets(`error: ${err.describe()}${verbose && err.stack ? `\n${err.stack}` : ''}`);
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return redactSecrets(
    verbose
      ? `error: ${e.stack ?? e.message}`
      : `error: ${e.message}\n  (run with --verbose for the stack trace)`,
  );
}

/** Whether --json is on the command line, for errors raised before commander has parsed it. */
function jsonRequested(flags: GlobalFlags): boolean {
  return Boolean(flags.json) || process.argv.slice(2).includes('--json');
}

/**
 * Reports an error escaping a command on stderr (text, or one JSON line under
 * --json) and returns the exit code: commander's own for usage errors, else 1.
 * Help and version output are not errors: their code is returned as is.
 */
export function reportError(err: unknown, flags: GlobalFlags): number {
  if (err instanceof CommanderError) {
    // commander printed the text already (or, under --json, left it to us: see commanderOutput)
    if (err.exitCode !== 0 && jsonRequested(flags))
      process.stderr.write(`${formatError(err, false, true)}\n`);
    return err.exitCode;
  }
  process.stderr.write(`${formatError(err, Boolean(flags.verbose), jsonRequested(flags))}\n`);
  return 1;
}

/** Commander output settings: under --json its usage errors are left to {@link reportError}, so stderr is one JSON line. */
export function commanderOutput(): OutputConfiguration {
  return {
    outputError: (text, write) => {
      if (!jsonRequested({})) write(text);
    },
  };
}

/** Renders rows as an aligned text table. */
export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(cells[0]), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}
