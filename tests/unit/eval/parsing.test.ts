import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { evalCommand } from '../../../core/cli/commands/eval';
import { ByteWriter, createRng, formatFixed, hashBytes, parseQrels, parseRun, parseScore } from '../../../core/eval';
import { runCommand, writeFixtures } from './harness';

const QRELS = 'q1 0 d1 1\nq1 0 d2 0\nq1 0 d3 2\nq2 0 e1 1\n';
const RUN = 'q1 Q0 d1 1 3.5 tag\nq1 Q0 d2 2 2.25 tag\nq1 Q0 d3 3 1 tag\nq2 Q0 e1 1 1.0 tag\n';

async function evaluate(qrels: string | Buffer, run: string | Buffer, args: string[] = ['-q', '-m', 'all_trec']) {
  const files = writeFixtures({ 'qrels.txt': qrels, 'run.txt': run });
  return runCommand(evalCommand, [...args, files['qrels.txt']!, files['run.txt']!]);
}

describe('score parsing', () => {
  it('equals Number(text) for plain decimals, exponents, long mantissas and specials', () => {
    const texts = [
      '1', '0', '-0', '+0', '0.5', '-0.5', '+.5', '.5', '5.', '-5.', '100.000000', '99.123456', '0.1', '0.2', '0.3',
      '123456789012345', '1234567890123456', '12345678901234567890', '9007199254740993', '0.30000000000000004',
      '0.1234567890123456789', '1e5', '1E-5', '-1.5e+3', '2.5e-310', '4.9e-324', '1.7976931348623157e308', '1e400',
      '0x10', 'Infinity', '-Infinity', '000000000000000000012.5', '3.141592653589793', '-2.718281828459045',
      '-', '+', '.', '-.', '1.2.3', 'nan', 'NaN', 'inf', 'high', '1e', '1e+', '12abc', '1,5', '١',
    ];
    for (const text of texts) {
      const bytes = Buffer.from(`x ${text} y`);
      expect(Object.is(parseScore(bytes, 2, 2 + Buffer.byteLength(text)), Number(text)), text).toBe(true);
    }
  });

  it('equals Number(text) for random decimals of every length', () => {
    const random = createRng(7);
    const mismatches: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      const digits = 1 + Math.floor(random() * 17);
      const scale = Math.floor(random() * 12) - 4;
      const value = (random() - 0.3) * 10 ** scale;
      const text = value.toFixed(Math.min(20, digits));
      if (parseScore(Buffer.from(text), 0, text.length) !== Number(text)) mismatches.push(text);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('output formatting', () => {
  it('writes %6.4f exactly like formatFixed (glibc rounding), including ties and specials', () => {
    const values = [0, -0, 1, -1, 0.5, 0.03125, 0.00005, 0.00015, 0.99995, 0.123449999, 0.12345, 1 / 3, 2 / 3, 99999.99995, 123456.78, -0.00001, -0.12345, NaN, Infinity, -Infinity, 1e21, 5e-324];
    const random = createRng(11);
    for (let n = 0; n < 50_000; n++) {
      values.push(random(), Math.floor(random() * 100_000) / 10_000 + (random() < 0.5 ? 0.00005 : 0), -random() * 10, random() * 1e6);
    }
    const out = new ByteWriter();
    for (const value of values) {
      out.fixed4(value);
      out.text('\n');
    }
    const mismatches = out
      .toString()
      .split('\n')
      .flatMap((text, i) => (i < values.length && text !== formatFixed(values[i]!, 4).padStart(6) ? [`${values[i]}: ${text}`] : []));
    expect(mismatches).toEqual([]);
  });

  it('pads specials to printf width 6 and prints huge values in full, like glibc', () => {
    const out = new ByteWriter();
    for (const value of [NaN, Infinity, -Infinity, 1e21, 2 ** 80]) {
      out.fixed4(value);
      out.text('|');
    }
    expect(out.toString()).toBe('  -nan|   inf|  -inf|1000000000000000000000.0000|1208925819614629174706176.0000|');
  });
});

describe('run and qrels parsing', () => {
  it('copies run docnos into a pool and hashes them exactly like hashBytes of the file bytes', () => {
    const bytes = Buffer.from('q1 Q0 doc-1 1 1 t\nq1 Q0 é 2 0.5 t\n');
    const run = parseRun(bytes, 'run');
    expect(run.bytes.toString('utf8', run.docStarts[0]!, run.docEnds[0]!)).toBe('doc-1');
    expect(run.bytes.toString('utf8', run.docStarts[1]!, run.docEnds[1]!)).toBe('é');
    expect(run.docHashes[0]).toBe(hashBytes(bytes, 6, 11));
    expect(run.docHashes[1]).toBe(hashBytes(bytes, 24, 26));
    expect(Array.from(run.lineNumbers)).toEqual([1, 2]);
  });

  it('groups interleaved queries, keeping file order within each query', async () => {
    const run = parseRun(Buffer.from('q2 Q0 a 1 1 t\nq1 Q0 b 1 1 t\nq2 Q0 c 2 0.5 t\nq1 Q0 d 2 0.5 t\n'), 'run');
    const docnos = (qid: string) => {
      const { start, end } = run.queries.get(qid)!;
      return Array.from({ length: end - start }, (_, k) => run.bytes.toString('latin1', run.docStarts[start + k]!, run.docEnds[start + k]!));
    };
    expect(docnos('q1')).toEqual(['b', 'd']);
    expect(docnos('q2')).toEqual(['a', 'c']);
    const interleaved = await evaluate(QRELS, 'q1 Q0 d1 1 3.5 tag\nq2 Q0 e1 1 1.0 tag\nq1 Q0 d2 2 2.25 tag\nq1 Q0 d3 3 1 tag\n');
    expect(interleaved.stdout).toBe((await evaluate(QRELS, RUN)).stdout);
  });

  it('rejects duplicate judgments at the first repeated line', () => {
    expect(() => parseQrels(Buffer.from('q1 0 a 1\nq2 0 a 1\nq2 0 b 0\nq1 0 c 1\nq2 0 a 2\nq1 0 a 0\n'), 'qrels')).toThrow(
      /^qrels:5: docno: duplicate judgment for query 'q2' document 'a'/,
    );
  });
});

describe('malformed and unusual input', () => {
  it('reports a run line with too few fields as file:line: field, exit 2', async () => {
    const result = await evaluate(QRELS, 'q1 Q0 d1 1 3.5 tag\n\nq1 Q0 d2 2\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/run\.txt:3: score: missing field \(expected 'qid iter docno rank score runid', found 4 fields\)/);
    const lastLine = await evaluate(QRELS, 'q1 Q0 d1 1 3.5 tag\nq1 Q0 d2 2 2.0');
    expect(lastLine.stderr).toMatch(/run\.txt:2: runid: missing field/);
  });

  it('reports a qrels line with too few fields', async () => {
    const result = await evaluate('q1 0 d1 1\n# comment\nq1 0 d2\n', RUN);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/qrels\.txt:3: line: expected 4 fields \(qid iter docno rel\), found 3/);
  });

  it('reports non-numeric scores and relevance values', async () => {
    for (const score of ['high', '1.5x', '--1', 'nan', '1e']) {
      const result = await evaluate(QRELS, `q1 Q0 d1 1 3.5 tag\nq1 Q0 d2 2 ${score} tag\n`);
      expect(result.code, score).toBe(2);
      expect(result.stderr).toContain(`run.txt:2: score: not a number: '${score}'`);
    }
    const badRel = await evaluate('q1 0 d1 1\nq1 0 d2 yes\n', RUN);
    expect(badRel.code).toBe(2);
    expect(badRel.stderr).toContain("qrels.txt:2: rel: not an integer relevance value: 'yes'");
  });

  it('reads CRLF line endings, trailing whitespace, tabs and a missing final newline', async () => {
    const expected = (await evaluate(QRELS, RUN)).stdout;
    const crlf = await evaluate(QRELS.replace(/\n/g, '\r\n'), RUN.replace(/\n/g, '\r\n'));
    expect(crlf.stderr).toBe('');
    expect(crlf.stdout).toBe(expected);
    const spaced = await evaluate(QRELS.replace(/\n/g, ' \t \n'), `  ${RUN.replace(/ /g, ' \t').replace(/\n/g, '  \n')}`.trimEnd());
    expect(spaced.stdout).toBe(expected);
    // Extra run fields are ignored.
    expect((await evaluate(QRELS, RUN.replace(/tag\n/g, 'tag extra fields\n'))).stdout).toBe(expected);
  });

  it('reads gzip-compressed qrels and runs', async () => {
    const expected = (await evaluate(QRELS, RUN)).stdout;
    const gzipped = await evaluate(gzipSync(QRELS), gzipSync(RUN));
    expect(gzipped.stdout).toBe(expected);
    const corrupt = await evaluate(QRELS, Buffer.concat([gzipSync(RUN).subarray(0, 20)]));
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toMatch(/corrupt gzip input/);
  });

  it('treats an empty run or qrels file as having no queries (exit 2), or scores zero with -c', async () => {
    const emptyRun = await evaluate(QRELS, '');
    expect(emptyRun.code).toBe(2);
    expect(emptyRun.stderr).toContain('no queries with both results and relevance judgments');
    const emptyQrels = await evaluate('', RUN);
    expect(emptyQrels.code).toBe(2);
    const complete = await evaluate(QRELS, '', ['-c', '-m', 'map', '-m', 'num_q']);
    expect(complete.code).toBe(0);
    expect(complete.stdout).toBe('num_q                 \tall\t2\nmap                   \tall\t0.0000\n');
  });

  it('reports a duplicate retrieved document with its line number', async () => {
    const result = await evaluate(QRELS, `${RUN}q1 Q0 d1 4 0.5 tag\n`);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("run.txt:5: docno: duplicate document 'd1' for query 'q1'");
  });
});
