import { FrontierError } from '@frontier/core';

/** Global flags every command honours. */
export interface GlobalFlags {
  json?: boolean;
  verbose?: boolean;
}

/** Prints `value` as JSON on stdout (for --json), or `human()` otherwise. */
export function emit(flags: GlobalFlags, value: unknown, human: () => string): void {
  process.stdout.write(flags.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/**
 * Formats an error for the terminal: one clear message (where, what, fix) for
 * Frontier's own errors; the stack only with --verbose.
 */
export function formatError(err: unknown, verbose: boolean): string {
  if (err instanceof FrontierError) {
    return `error: ${err.describe()}${verbose && err.stack ? `\n${err.stack}` : ''}`;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return verbose
    ? `error: ${e.stack ?? e.message}`
    : `error: ${e.message}\n  (run with --verbose for the stack trace)`;
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
