import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ExactInteger, parseJsonKeepingLargeIntegers } from '../../../core/datasets/exact-json';
import { firstInvalidUtf8Offset, parseJsonLine, quoteExcerpt, readLines, type LineReaderOptions } from '../../../core/datasets/line-reader';
import { useTempDirs } from '../../helpers/temp-dir';

async function collect(file: string, options?: LineReaderOptions) {
  const lines = [];
  for await (const line of readLines(file, options)) lines.push(line);
  return lines;
}

describe('readLines', () => {
  const tempDir = useTempDirs();
  const write = (content: string | Buffer) => {
    const file = path.join(tempDir(), 'data.jsonl');
    fs.writeFileSync(file, content);
    return file;
  };

  it('numbers lines from 1, skips blank ones, drops a BOM and CR, and counts the bytes read exactly', async () => {
    const file = write(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('first\r\n\n  \ncafé ☕\nlast')]));
    expect(await collect(file)).toEqual([
      { line: 1, text: 'first', bytesRead: 3 + 7 },
      { line: 4, text: 'café ☕', bytesRead: 3 + 7 + 1 + 3 + Buffer.byteLength('café ☕\n') },
      { line: 5, text: 'last', bytesRead: fs.statSync(file).size },
    ]);
  });

  it('decodes a character split across read chunks', async () => {
    // The stream reads 64 KiB at a time: "é" takes the chunk's last byte and the next chunk's first.
    const text = `${'a'.repeat(64 * 1024 - 1)}é${'b'.repeat(10)}`;
    expect((await collect(write(`${text}\nnext\n`))).map((line) => line.text)).toEqual([text, 'next']);
  });

  it('refuses a line over the cap by its length, naming the line; a line at the cap is read', async () => {
    const file = write(`${'x'.repeat(10)}\n${'y'.repeat(11)}\n`);
    await expect(collect(file, { maxLineBytes: 10 })).rejects.toMatchObject({
      code: 'IMPORT_BAD_LINE',
      message: `${file}:2: line is longer than the limit of 10 bytes for one line`,
    });
    expect(await collect(file, { maxLineBytes: 11 })).toHaveLength(2);
    // A last line without a line break is held to the cap too.
    await expect(collect(write(`ok\n${'z'.repeat(300)}`), { maxLineBytes: 100 })).rejects.toThrow(':2: line is longer than the limit of 100 bytes');
  });

  it('refuses a real line over 16 MiB with the default cap', async () => {
    const file = write(`{"id": "a"}\n{"id": "${'x'.repeat(16 * 1024 * 1024)}"}\n`);
    await expect(collect(file)).rejects.toThrow(`${file}:2: line is longer than the limit of 16 MiB for one line`);
  });

  it('refuses bytes that are not UTF-8 with the line and the byte offset, instead of replacing them', async () => {
    const file = write(Buffer.concat([Buffer.from('ok\n{"title": "caf'), Buffer.from([0xe9]), Buffer.from(' au lait"}\n')]));
    await expect(collect(file)).rejects.toMatchObject({
      code: 'IMPORT_BAD_LINE',
      message: `${file}:2: not valid UTF-8 at byte offset 17 (byte 15 of the line): save the file as UTF-8`,
    });
  });

  it('says a file is missing or a folder in one line, not as a raw Node error', async () => {
    const missing = path.join(tempDir(), 'nope.jsonl');
    await expect(collect(missing)).rejects.toMatchObject({ code: 'IMPORT_MISSING_FILE', message: `${missing}: no such file` });
    const folder = tempDir();
    await expect(collect(folder)).rejects.toMatchObject({ message: `${folder}: is a folder, not a file` });
  });
});

describe('firstInvalidUtf8Offset', () => {
  it('finds where the first ill-formed sequence starts', () => {
    expect(firstInvalidUtf8Offset(Buffer.from('plain ☕ text'))).toBe(-1);
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1); // overlong "/"
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80]))).toBe(2); // a surrogate
    expect(firstInvalidUtf8Offset(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
    expect(firstInvalidUtf8Offset(Buffer.from([0x61, 0xe2, 0x98]))).toBe(1); // cut short
  });

  it('agrees with the strict WHATWG decoder on random bytes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let sample = 0; sample < 5000; sample++) {
      // Mostly valid text with a few random bytes, so both outcomes are common.
      const parts = Array.from({ length: 1 + Math.floor(random() * 6) }, () =>
        random() < 0.7 ? Buffer.from(['a', 'é', '☕', '😀'][Math.floor(random() * 4)]) : Buffer.from([Math.floor(random() * 256)]),
      );
      const bytes = Buffer.concat(parts);
      let valid = true;
      try {
        strict.decode(bytes);
      } catch {
        valid = false;
      }
      const offset = firstInvalidUtf8Offset(bytes);
      expect(offset === -1, bytes.toString('hex')).toBe(valid);
      // Everything before the reported offset is valid on its own.
      if (!valid) expect(() => strict.decode(bytes.subarray(0, offset))).not.toThrow();
    }
  });
});

describe('error excerpts', () => {
  it('quotes at most 40 characters, with control and bidi characters escaped', () => {
    expect(quoteExcerpt('short')).toBe('"short"');
    expect(quoteExcerpt('x'.repeat(41))).toBe(`"${'x'.repeat(40)}"…`);
    expect(quoteExcerpt('a\u001b[31mred\n"q"\\\u202e')).toBe('"a\\u001b[31mred\\u000a\\"q\\"\\\\\\u202e"');
    expect(quoteExcerpt('😀'.repeat(50))).toBe(`"${'😀'.repeat(40)}"…`);
  });

  it('never echoes a whole non-JSON line in the error', () => {
    const secret = 'root:x:0:0:root:/root:/bin/bash and a long secret tail that must not leak';
    let message = '';
    try {
      parseJsonLine(z.unknown(), '/etc/passwd', { line: 1, text: secret, bytesRead: secret.length });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('/etc/passwd:1: invalid JSON: the line starts "root:x:0:0:root:/root:/bin/bash and a lo"…');
    expect(message).not.toContain('secret tail');
  });

  it('names the column of a JSON syntax error, quoting only from there', () => {
    const text = `{"id": "a" "text": "${'t'.repeat(100)}"}`;
    expect(() => parseJsonLine(z.unknown(), 'f.jsonl', { line: 3, text, bytesRead: 0 })).toThrow(
      `f.jsonl:3: invalid JSON: expected ',' or '}' after property value at column 12, near "\\"text\\": \\"${'t'.repeat(31)}"…`,
    );
  });
});

describe('parseJsonKeepingLargeIntegers', () => {
  it('keeps integers beyond 2^53 as their digits, and everything else as JSON.parse does', () => {
    const value = parseJsonKeepingLargeIntegers('{"a": 12345678901234567891, "b": [-99999999999999999999, 9007199254740991, 0.12345678901234567, 1e25, "12345678901234567891"], "__proto__": {"c": null}}') as Record<string, unknown>;
    expect(value.a).toEqual(new ExactInteger('12345678901234567891'));
    expect(value.b).toEqual([new ExactInteger('-99999999999999999999'), 9007199254740991, 0.12345678901234567, 1e25, '12345678901234567891']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['a', 'b', '__proto__']);
    expect(value.__proto__).toEqual({ c: null });
  });

  it('reads lines with long digit runs the same as JSON.parse apart from large integers', () => {
    const samples = [
      '{"t": "a \\" quote, 12345678901234567 and \\\\", "n": [true, false, null, {}, []]}',
      '[ 1 , 2 ,\t"x\\u0041" ]',
      '"just a string with 1234567890123456789"',
      '{"vector": [0.1234567890123456789, 1234567890123456.5, -0.0]}',
    ];
    for (const text of samples) expect(parseJsonKeepingLargeIntegers(text)).toEqual(JSON.parse(text));
  });

  it('throws what JSON.parse throws on invalid text', () => {
    expect(() => parseJsonKeepingLargeIntegers('{"a": 12345678901234567891,}')).toThrow(SyntaxError);
  });
});
