import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseFieldMapping, parseFieldMappingSpec, type FieldMappingInput } from '../../../core/datasets/field-mapping';
import { readMappedDocuments, type MappedDocument, type MappedFormat } from '../../../core/datasets/mapped-format';
import { TINY_PNG } from '../../helpers/image-bytes';
import { useTempDirs } from '../../helpers/temp-dir';

async function collect<T>(generator: AsyncGenerator<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of generator) items.push(item);
  return items;
}

describe('field mapping', () => {
  it('parses the CLI form and defaults the tag separator', () => {
    expect(parseFieldMappingSpec('id=doc_id, title=name,text=body ,vector=emb,tagSeparator=|')).toEqual({
      id: 'doc_id',
      title: 'name',
      text: 'body',
      vector: 'emb',
      tagSeparator: '|',
    });
    expect(parseFieldMapping({ id: 'id', text: 'body' }).tagSeparator).toBe(',');
  });

  it.each([
    ['id=a', 'mapping.text: map at least one of title or text'],
    ['title=name', 'mapping.id: must name a source column or key'],
    ['id=a,title', 'mapping: "title" is not field=column'],
    ['id=a,id=b,title=c', 'mapping: "id" is mapped twice'],
    ['id=a,title=c,colour=d', 'mapping: unknown field "colour"'],
    ['id=a,title=', 'mapping.title: must name a source column or key'],
  ])('rejects %s', (spec, message) => {
    expect(() => parseFieldMappingSpec(spec)).toThrow(expect.objectContaining({ code: 'INVALID_ARGS', message: expect.stringContaining(message) }));
  });
});

describe('mapped JSONL and CSV documents', () => {
  const tempDir = useTempDirs();

  function writeFile(name: string, content: string): string {
    const file = path.join(tempDir(), name);
    fs.writeFileSync(file, content);
    return file;
  }

  const read = (file: string, mapping: FieldMappingInput, options = {}) =>
    collect(readMappedDocuments(file, path.extname(file).slice(1) as MappedFormat, mapping, options));

  const summary = ({ doc, line, popularity, createdAt, vector }: MappedDocument) => ({
    ...doc,
    line,
    popularity,
    createdAt,
    vector: vector && [...vector],
  });

  it('maps JSONL keys, dot paths, tag arrays or strings and every optional field', async () => {
    const file = writeFile(
      'docs.jsonl',
      [
        JSON.stringify({ doc_id: 7, name: 'Red chair', body: 'oak', labels: ['wood', ' chair '], meta: { board: 'Home' }, likes: 12, at: '2024-05-01T12:00:00+02:00', emb: [1, 0.5] }),
        '',
        JSON.stringify({ doc_id: 'b', name: 'Lamp', labels: 'light, desk', likes: null, at: 1714564800, emb: [0, -2] }),
      ].join('\n'),
    );
    const mapping = { id: 'doc_id', title: 'name', text: 'body', tags: 'labels', board: 'meta.board', popularity: 'likes', createdAt: 'at', vector: 'emb' };
    const docs = await read(file, mapping);
    expect(docs.map(summary)).toEqual([
      { id: '7', title: 'Red chair', text: 'oak', tags: ['wood', 'chair'], board: 'Home', image: null, line: 1, popularity: 12, createdAt: '2024-05-01T10:00:00.000Z', vector: [1, 0.5] },
      { id: 'b', title: 'Lamp', text: '', tags: ['light', 'desk'], board: '', image: null, line: 3, popularity: null, createdAt: '2024-05-01T12:00:00.000Z', vector: [0, -2] },
    ]);
    expect(docs[1].vector).toBeInstanceOf(Float32Array);
    expect(docs[1].bytesRead).toBe(fs.statSync(file).size);
  });

  it('reads quoted CSV cells and numbers records by the line they start on, even after multi-line cells', async () => {
    const file = writeFile(
      'docs.csv',
      [
        '\uFEFFid,title,text,tags',
        '1,"Chairs, tables","line one',
        'line two',
        'line three",a;b',
        '',
        '2,"He said ""hi""",plain,',
        '3,Desk,"",c',
      ].join('\n'),
    );
    const docs = await read(file, { id: 'id', title: 'title', text: 'text', tags: 'tags', tagSeparator: ';' });
    expect(docs.map(({ doc, line }) => [doc.id, doc.title, doc.text, doc.tags, line])).toEqual([
      ['1', 'Chairs, tables', 'line one\nline two\nline three', ['a', 'b'], 2],
      ['2', 'He said "hi"', 'plain', [], 6],
      ['3', 'Desk', '', ['c'], 7],
    ]);
    expect(docs.at(-1)?.bytesRead).toBe(fs.statSync(file).size);
  });

  it('names the first line of a record whose quote is never closed, not the end of the file', async () => {
    const file = writeFile('docs.csv', ['id,title', '1,a', '2,b', '3,"multi', 'line"', '4,"never closed', 'more text', 'and more'].join('\n'));
    await expect(read(file, { id: 'id', title: 'title' })).rejects.toMatchObject({ code: 'IMPORT_BAD_LINE', location: { file, line: 6 } });
  });

  it('counts CRLF line breaks inside quoted cells once', async () => {
    const file = writeFile('docs.csv', 'id,title\r\n1,"a\r\nb\r\nc"\r\n\r\n2,d\r\n3,"e\r\n');
    await expect(read(file, { id: 'id', title: 'title' })).rejects.toMatchObject({
      code: 'IMPORT_BAD_LINE',
      message: `${file}:7: invalid CSV: Quote Not Closed: the parsing is finished with an opening quote`,
    });
    fs.writeFileSync(file, 'id,title\r\n1,"a\r\nb\r\nc"\r\n\r\n2,d\r\n');
    expect((await read(file, { id: 'id', title: 'title' })).map((doc) => doc.line)).toEqual([2, 6]);
  });

  it('reads CSV vectors written as a JSON array or as numbers split by spaces or commas', async () => {
    const file = writeFile('docs.csv', 'id,title,emb\n1,a,"[0.25, -1, 3e2]"\n2,b,0.5 1  2\n3,c,"4,5,6"\n');
    const docs = await read(file, { id: 'id', title: 'title', vector: 'emb' });
    expect(docs.map((doc) => [...(doc.vector ?? [])])).toEqual([
      [0.25, -1, 300],
      [0.5, 1, 2],
      [4, 5, 6],
    ]);
  });

  it('names file, line, column, expected and actual size for a vector of the wrong dimension', async () => {
    const file = writeFile('docs.csv', 'id,title,emb\n1,a,1 2 3\n2,b,1 2\n');
    await expect(read(file, { id: 'id', title: 'title', vector: 'emb' })).rejects.toMatchObject({
      code: 'IMPORT_BAD_LINE',
      location: { file, line: 3, field: 'emb' },
      message: `${file}:3: emb: expected a vector of 3 numbers (set by line 2), got 2`,
    });
    await expect(read(file, { id: 'id', title: 'title', vector: 'emb' }, { vectorDimensions: 2 })).rejects.toMatchObject({
      message: `${file}:2: emb: expected a vector of 2 numbers (set by the vectorDimensions option), got 3`,
    });
  });

  it.each([
    ['a non-finite vector value', '{"id":"a","t":"x","v":[1,"NaN"]}', 'v: value 2 ("NaN") is not a finite 32-bit number'],
    ['a vector beyond 32-bit range', '{"id":"a","t":"x","v":[1e39]}', 'v: value 1 (1e+39) is not a finite 32-bit number'],
    ['a missing vector', '{"id":"a","t":"x","v":null}', 'v: is missing'],
    ['a negative popularity', '{"id":"a","t":"x","v":[1],"p":-3}', 'p: must be a non-negative number, got -3'],
    ['a non-numeric popularity', '{"id":"a","t":"x","v":[1],"p":"lots"}', 'p: must be a non-negative number, got "lots"'],
    ['an impossible date', '{"id":"a","t":"x","v":[1],"c":"2024-02-30"}', 'c: "2024-02-30" is not a date'],
    ['an unparseable date', '{"id":"a","t":"x","v":[1],"c":"last Tuesday"}', 'c: "last Tuesday" is not a date'],
    ['an empty id', '{"id":" ","t":"x","v":[1]}', 'id: is missing or empty'],
    ['a missing id', '{"t":"x","v":[1]}', 'id: is missing or empty'],
    ['tags that are not strings', '{"id":"a","t":"x","v":[1],"g":[1]}', 'g: must be an array of strings'],
    ['a document without title or text', '{"id":"a","t":"","v":[1]}', 't: document has neither title nor text'],
    ['a javascript: image URL', '{"id":"a","t":"x","v":[1],"i":"javascript:alert(1)"}', 'i: "javascript:alert(1)" is not allowed'],
    ['a data: image URL', '{"id":"a","t":"x","v":[1],"i":"data:image/png;base64,AAAA"}', 'i: "data:image/png;base64,AAAA" is not allowed'],
    ['an absolute image path', '{"id":"a","t":"x","v":[1],"i":"/etc/passwd"}', 'i: "/etc/passwd" must be a path relative'],
    ['an image path escaping the folder', '{"id":"a","t":"x","v":[1],"i":"img/../../secret.png"}', 'i: "img/../../secret.png" must be a path relative'],
  ])('rejects %s with file:line: column', async (_, line, message) => {
    const file = writeFile('docs.jsonl', `{"id":"ok","t":"fine","v":[0],"p":1,"c":"2024-01-01","g":[]}\n${line}\n`);
    const mapping = { id: 'id', title: 't', vector: 'v', popularity: 'p', createdAt: 'c', tags: 'g', image: 'i' };
    await expect(read(file, mapping)).rejects.toMatchObject({ code: 'IMPORT_BAD_LINE', message: expect.stringContaining(`${file}:2: ${message}`) });
  });

  it('reads dates as ISO strings, epoch seconds or milliseconds, in UTC when no zone is given', async () => {
    const file = writeFile('docs.csv', 'id,title,at\n1,a,2024-05-01\n2,b,2024-05-01 08:30\n3,c,1714564800000\n4,d,1714564800\n5,e,\n');
    const docs = await read(file, { id: 'id', title: 'title', createdAt: 'at' });
    expect(docs.map((doc) => doc.createdAt)).toEqual([
      '2024-05-01T00:00:00.000Z',
      '2024-05-01T08:30:00.000Z',
      '2024-05-01T12:00:00.000Z',
      '2024-05-01T12:00:00.000Z',
      null,
    ]);
  });

  it('accepts web image URLs and existing relative files, and reports a missing one', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'img'));
    fs.writeFileSync(path.join(dir, 'img', 'a.png'), TINY_PNG);
    const file = path.join(dir, 'docs.csv');
    fs.writeFileSync(file, 'id,title,picture\n1,a,img/a.png\n2,b,https://example.com/b.png\n3,c,\n4,d,img/gone.png\n');
    const mapping = { id: 'id', title: 'title', image: 'picture' };
    await expect(read(file, mapping)).rejects.toMatchObject({ code: 'IMPORT_MISSING_FILE', message: `${file}:5: picture: image "img/gone.png" does not exist` });
    fs.writeFileSync(file, 'id,title,picture\n1,a,img/a.png\n2,b,https://example.com/b.png\n3,c,\n');
    expect((await read(file, mapping)).map((doc) => doc.doc.image)).toEqual(['img/a.png', 'https://example.com/b.png', null]);
  });

  it('names a mapped column missing from the CSV header, on the header line', async () => {
    const file = writeFile('docs.csv', 'id,name\n1,a\n');
    await expect(read(file, { id: 'id', title: 'title' })).rejects.toMatchObject({
      code: 'IMPORT_BAD_LINE',
      message: `${file}:1: title: no such column in the header (columns: "id", "name")`,
    });
  });

  it('accepts JSONL lines without an optional key, but not a key no line has', async () => {
    const file = writeFile('docs.jsonl', '{"id":"a","t":"x","b":"Home"}\n{"id":"b","t":"y"}\n');
    expect((await read(file, { id: 'id', title: 't', board: 'b' })).map((doc) => doc.doc.board)).toEqual(['Home', '']);
    await expect(read(file, { id: 'id', title: 't', board: 'brd' })).rejects.toMatchObject({
      code: 'IMPORT_BAD_LINE',
      message: `${file}: brd: no line has this key; check the field mapping`,
    });
  });

  it('reports malformed CSV rows with their line', async () => {
    const file = writeFile('docs.csv', 'id,title\n1,a\n2,b,extra\n');
    await expect(read(file, { id: 'id', title: 'title' })).rejects.toMatchObject({
      code: 'IMPORT_BAD_LINE',
      message: `${file}:3: invalid CSV: Invalid Record Length: columns length is 2, got 3`,
    });
  });

  it('streams a 100k-row CSV: the first document comes before the file is read, and the rows are not all held', async () => {
    const rows = 100_000;
    const file = path.join(tempDir(), 'big.csv');
    const lines = ['id,title,text,likes'];
    for (let index = 0; index < rows; index++) lines.push(`d${index},Title ${index},"some body text, number ${index}",${index % 97}`);
    fs.writeFileSync(file, lines.join('\n'));
    lines.length = 0;
    const mapping = { id: 'id', title: 'title', text: 'text', popularity: 'likes' };

    let bytesFromDisk = 0;
    const createReadStream = fs.createReadStream;
    const spy = vi.spyOn(fs, 'createReadStream').mockImplementation((...args: Parameters<typeof fs.createReadStream>) =>
      createReadStream(...args).on('data', (chunk) => (bytesFromDisk += chunk.length)),
    );
    try {
      const documents = readMappedDocuments(file, 'csv', mapping);
      expect((await documents.next()).value).toMatchObject({ doc: { id: 'd0' }, line: 2 });
      await documents.return(undefined);
    } finally {
      spy.mockRestore();
    }
    expect(bytesFromDisk).toBeGreaterThan(0);
    expect(bytesFromDisk).toBeLessThan(fs.statSync(file).size / 4);

    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    let count = 0;
    let linesInOrder = true;
    for await (const { line } of readMappedDocuments(file, 'csv', mapping)) {
      count++;
      linesInOrder &&= line === count + 1;
      if (count % 5_000 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }
    expect(count).toBe(rows);
    expect(linesInOrder).toBe(true);
    expect(heapPeak - heapBefore).toBeLessThan(100 * 1024 * 1024);
  });
});
