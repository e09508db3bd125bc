/**
 * The one error type Frontier throws for bad input or a bad environment.
 *
 * Every FrontierError says what was wrong (`message`), where (`where`: a file,
 * a file and byte offset, a row and column, a config key) and how to fix it
 * (`hint`). The CLI prints these three on one or two lines without a stack trace.
 */
export class FrontierError extends Error {
  override readonly name = 'FrontierError';
  /** Where the problem is: a path, `path:line`, `path@byteOffset`, a config key. */
  readonly where: string | undefined;
  /** What the user can do about it. */
  readonly hint: string | undefined;
  /** A stable machine-readable code, e.g. `IDX_TRUNCATED`. */
  readonly code: string;

  constructor(code: string, message: string, opts: { where?: string; hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.where = opts.where;
    this.hint = opts.hint;
  }

  /** One-paragraph human form: `where: message (hint)`. */
  describe(): string {
    const at = this.where ? `${this.where}: ` : '';
    const fix = this.hint ? `\n  fix: ${this.hint}` : '';
    return `${at}${this.message}${fix}`;
  }
}

/** Throws `PREPROCESS_BAD_OPTION` at `where` with `message` and `hint`. */
export function badOption(where: string, message: string, hint: string): FrontierError {
  return new FrontierError('PREPROCESS_BAD_OPTION', message, { where, hint });
}
