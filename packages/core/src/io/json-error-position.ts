/** Thrown inside the scanner to unwind to the offset of the first bad character. */
class SyntaxAt {
  constructor(readonly offset: number) {}
}

type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

/**
 * Offset (in UTF-16 code units) of the first JSON syntax error in `text`, or -1 when
 * `text` is valid JSON (RFC 8259). V8's `JSON.parse` messages do not always carry a
 * position, so this scanner recovers one for error reports. It is iterative, so deeply
 * nested input cannot overflow the stack; it runs only after a parse has failed.
 */
export function jsonErrorOffset(text: string): number {
  try {
    scan(text);
    return -1;
  } catch (err) {
    if (err instanceof SyntaxAt) return err.offset;
    throw err;
  }
}

/** 1-based line and column of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function scan(text: string): void {
  const n = text.length;
  const stack: Array<'{' | '['> = [];
  let i = 0;
  let expect: Expect = 'value';
  const afterValue = (): Expect => (stack.length > 0 ? 'comma-or-close' : 'end');

  for (;;) {
    while (i < n && isWhitespace(text.charCodeAt(i))) i++;
    if (i >= n) {
      if (expect === 'end') return;
      throw new SyntaxAt(n);
    }
    const c = text[i];
    switch (expect) {
      case 'end':
        throw new SyntaxAt(i);
      case 'colon':
        if (c !== ':') throw new SyntaxAt(i);
        i++;
        expect = 'value';
        break;
      case 'comma-or-close': {
        const top = stack[stack.length - 1];
        if (c === ',') {
          i++;
          expect = top === '{' ? 'key' : 'value';
        } else if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
          i++;
          stack.pop();
          expect = afterValue();
        } else {
          throw new SyntaxAt(i);
        }
        break;
      }
      case 'key-or-close':
      case 'key':
        if (c === '}' && expect === 'key-or-close') {
          i++;
          stack.pop();
          expect = afterValue();
        } else if (c === '"') {
          i = scanString(text, i);
          expect = 'colon';
        } else {
          throw new SyntaxAt(i);
        }
        break;
      case 'value-or-close':
      case 'value':
        if (c === ']' && expect === 'value-or-close') {
          i++;
          stack.pop();
          expect = afterValue();
        } else if (c === '{') {
          i++;
          stack.push('{');
          expect = 'key-or-close';
        } else if (c === '[') {
          i++;
          stack.push('[');
          expect = 'value-or-close';
        } else {
          i = scanScalar(text, i);
          expect = afterValue();
        }
        break;
    }
  }
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** Scans a string, number or literal starting at `i`; returns the offset after it. */
function scanScalar(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return scanString(text, i);
  if (c === '-' || isDigit(text.charCodeAt(i))) return scanNumber(text, i);
  for (const literal of ['true', 'false', 'null']) {
    if (c === literal[0]) {
      for (let k = 1; k < literal.length; k++) {
        if (text[i + k] !== literal[k]) throw new SyntaxAt(Math.min(i + k, text.length));
      }
      return i + literal.length;
    }
  }
  throw new SyntaxAt(i);
}

function scanString(text: string, start: number): number {
  let j = start + 1;
  for (;;) {
    if (j >= text.length) throw new SyntaxAt(text.length);
    const code = text.charCodeAt(j);
    if (code === 0x22) return j + 1;
    if (code < 0x20) throw new SyntaxAt(j);
    if (code === 0x5c) {
      const esc = text[j + 1];
      if (esc === undefined) throw new SyntaxAt(text.length);
      if (esc === 'u') {
        for (let k = 2; k < 6; k++) {
          if (!/[0-9a-fA-F]/.test(text[j + k] ?? '')) throw new SyntaxAt(Math.min(j + k, text.length));
        }
        j += 6;
      } else if ('"\\/bfnrt'.includes(esc)) {
        j += 2;
      } else {
        throw new SyntaxAt(j + 1);
      }
    } else {
      j++;
    }
  }
}

function scanNumber(text: string, start: number): number {
  let j = start;
  const digits = (): void => {
    if (!isDigit(text.charCodeAt(j))) throw new SyntaxAt(Math.min(j, text.length));
    while (isDigit(text.charCodeAt(j))) j++;
  };
  if (text[j] === '-') j++;
  if (text[j] === '0') j++;
  else digits();
  if (text[j] === '.') {
    j++;
    digits();
  }
  if (text[j] === 'e' || text[j] === 'E') {
    j++;
    if (text[j] === '+' || text[j] === '-') j++;
    digits();
  }
  return j;
}
