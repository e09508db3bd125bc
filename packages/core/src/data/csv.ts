// Delimited text (CSV per RFC 4180, TSV, any one-character delimiter) into string
// fields, keeping the line each record starts on so later errors can point at it.
import { FrontierError } from '../util/errors.ts';

/** Options of {@link parseDelimited}. */
export interface DelimitedOptions {
  /** One character separating fields. Default `,`. */
  delimiter?: string;
  /** Names the text's origin in errors (a path). Default `'<text>'`. */
  source?: string;
}

/** The header and records of a delimited text, all fields as raw strings. */
export interface DelimitedText {
  header: string[];
  records: string[][];
  /** `lines[i]` is the 1-based line on which `records[i]` starts. */
  lines: number[];
}

const QUOTE = 34; // "
const CR = 13;
const LF = 10;

/** Length of the line ending at `i`: 1 for LF (or a CR ending the text), 2 for CRLF, else 0. */
function eol(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === LF) return 1;
  if (c !== CR) return 0;
  if (text.charCodeAt(i + 1) === LF) return 2;
  return i + 1 === text.length ? 1 : 0;
}

/**
 * Splits delimited text into a header and records of raw string fields, per RFC 4180:
 * fields may be quoted with `"`, a doubled `""` inside quotes is one quote, quoted
 * fields may hold delimiters and newlines, records end with LF or CRLF. A leading BOM
 * and blank lines are skipped; a `"` inside an unquoted field is kept literally.
 * Throws FrontierError (`where` = `source:line` or `source:line:column`):
 * `CSV_EMPTY` (no header), `CSV_UNTERMINATED_QUOTE` (line where the quote opened),
 * `CSV_BAD_QUOTE` (text after a closing quote), `CSV_RAGGED_ROW` (record with a
 * field count other than the header's), `CSV_DUPLICATE_COLUMN`, `CSV_BAD_OPTION`.
 */
export function parseDelimited(text: string, opts: DelimitedOptions = {}): DelimitedText {
  const source = opts.source ?? '<text>';
  const delimiter = opts.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new FrontierError(
      'CSV_BAD_OPTION',
      `delimiter must be one character other than a quote or newline, got ${JSON.stringify(delimiter)}`,
      {
        where: source,
        hint: "use ',' for CSV or '\\t' for TSV",
      },
    );
  }
  const delim = delimiter.charCodeAt(0);
  const rows: string[][] = [];
  const lines: number[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;
  const n = text.length;

  while (i < n) {
    // Start of a record. Skip blank lines.
    const blank = eol(text, i);
    if (blank > 0) {
      i += blank;
      line++;
      lineStart = i;
      continue;
    }
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === QUOTE) {
        const openLine = line;
        const openCol = i - lineStart + 1;
        let parts = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            throw new FrontierError(
              'CSV_UNTERMINATED_QUOTE',
              `quoted field opened at line ${openLine}, column ${openCol} is never closed`,
              {
                where: `${source}:${openLine}:${openCol}`,
                hint: 'close the quote, or double a quote inside a quoted field ("")',
              },
            );
          }
          const chunk = text.slice(j, q);
          for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) {
            line++;
            lineStart = j + k + 1;
          }
          parts += chunk;
          if (text.charCodeAt(q + 1) === QUOTE) {
            parts += '"';
            j = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        field = parts;
        if (i < n && text.charCodeAt(i) !== delim && eol(text, i) === 0) {
          throw new FrontierError(
            'CSV_BAD_QUOTE',
            `unexpected ${JSON.stringify(text[i])} after a closing quote`,
            {
              where: `${source}:${line}:${i - lineStart + 1}`,
              hint: 'a quoted field must end at a delimiter or line end; write a quote inside it as ""',
            },
          );
        }
      } else {
        let j = i;
        while (j < n) {
          if (text.charCodeAt(j) === delim || eol(text, j) > 0) break;
          j++;
        }
        field = text.slice(i, j);
        i = j;
      }
      fields.push(field);
      if (i < n && text.charCodeAt(i) === delim) {
        i++;
        continue;
      }
      // End of record: LF, CRLF or end of text.
      if (i < n) {
        i += eol(text, i);
        line++;
        lineStart = i;
      }
      break;
    }
    rows.push(fields);
    lines.push(recordLine);
  }

  if (rows.length === 0) {
    throw new FrontierError('CSV_EMPTY', 'no header row: the text is empty', {
      where: source,
      hint: 'the first line must name the columns',
    });
  }
  const header = rows[0];
  const seen = new Map<string, number>();
  header.forEach((name, col) => {
    const first = seen.get(name);
    if (first !== undefined) {
      throw new FrontierError(
        'CSV_DUPLICATE_COLUMN',
        `column ${JSON.stringify(name)} appears twice (columns ${first + 1} and ${col + 1})`,
        {
          where: `${source}:${lines[0]}`,
          hint: 'rename one of the columns',
        },
      );
    }
    seen.set(name, col);
  });
  for (let r = 1; r < rows.length; r++) {
    if (rows[r].length !== header.length) {
      throw new FrontierError(
        'CSV_RAGGED_ROW',
        `line ${lines[r]} has ${rows[r].length} fields, expected ${header.length} (as in the header)`,
        { where: `${source}:${lines[r]}`, hint: 'quote fields that contain the delimiter, or fix the row' },
      );
    }
  }
  return { header, records: rows.slice(1), lines: lines.slice(1) };
}
