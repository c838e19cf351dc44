/** A JSON integer beyond ±2^53, where a double would change its digits: kept as written (it is an id, not a quantity). */
export class ExactInteger {
  constructor(readonly digits: string) {}

  toString(): string {
    return this.digits;
  }
}

/** An integer token of 16 or more digits outside a fraction or exponent: the only kind a double may round. */
const LONG_INTEGER_TOKEN = /(?:^|[[,:\s])-?\d{16,}(?=[\s,\]}]|$)/;
const WHITESPACE = /[ \t\n\r]*/y;
const NUMBER_TOKEN = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const INTEGER_TOKEN = /^-?\d+$/;

/**
 * `JSON.parse`, except that integers a double cannot hold exactly become {@link ExactInteger}s. Lines without
 * a long integer token (nearly all) take the native parser alone; the others are parsed again token by token.
 */
export function parseJsonKeepingLargeIntegers(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (!LONG_INTEGER_TOKEN.test(text)) return value;
  return new ValidJsonReader(text).read();
}

/** Reads JSON that `JSON.parse` has already accepted, so it needs no error handling of its own. */
class ValidJsonReader {
  private at = 0;

  constructor(private readonly text: string) {}

  read(): unknown {
    this.skipWhitespace();
    const start = this.text[this.at];
    if (start === '{') return this.readObject();
    if (start === '[') return this.readArray();
    if (start === '"') return this.readString();
    if (start === 't' || start === 'n' || start === 'f') {
      const word = start === 'f' ? 'false' : start === 't' ? 'true' : 'null';
      this.at += word.length;
      return JSON.parse(word);
    }
    const token = this.match(NUMBER_TOKEN);
    const number = Number(token);
    return INTEGER_TOKEN.test(token) && !Number.isSafeInteger(number) ? new ExactInteger(token) : number;
  }

  private readObject(): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    this.at++;
    this.skipWhitespace();
    while (this.text[this.at] !== '}') {
      this.skipWhitespace();
      const key = this.readString();
      this.skipWhitespace();
      this.at++; // ':'
      // Defined, not assigned, so a "__proto__" key is an ordinary property as with JSON.parse.
      Object.defineProperty(object, key, { value: this.read(), writable: true, enumerable: true, configurable: true });
      this.skipSeparator();
    }
    this.at++;
    return object;
  }

  private readArray(): unknown[] {
    const array: unknown[] = [];
    this.at++;
    this.skipWhitespace();
    while (this.text[this.at] !== ']') {
      array.push(this.read());
      this.skipSeparator();
    }
    this.at++;
    return array;
  }

  /** A regular expression over a long string full of escapes would overflow the stack; this scans for the closing quote. */
  private readString(): string {
    let end = this.at + 1;
    for (;;) {
      end = this.text.indexOf('"', end);
      let backslashes = 0;
      while (this.text[end - 1 - backslashes] === '\\') backslashes++;
      if (backslashes % 2 === 0) break;
      end++;
    }
    const token = this.text.slice(this.at, end + 1);
    this.at = end + 1;
    return JSON.parse(token) as string;
  }

  private skipSeparator(): void {
    this.skipWhitespace();
    if (this.text[this.at] === ',') this.at++;
    this.skipWhitespace();
  }

  private skipWhitespace(): void {
    this.match(WHITESPACE);
  }

  private match(token: RegExp): string {
    token.lastIndex = this.at;
    const matched = token.exec(this.text)![0];
    this.at += matched.length;
    return matched;
  }
}
