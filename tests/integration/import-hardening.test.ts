import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../core/cli/main';
import { beirDoc, writeBeirFolder } from '../helpers/beir-fixture';
import { TINY_PNG } from '../helpers/image-bytes';
import { useTempDirs } from '../helpers/temp-dir';
import { withWorkbench } from '../helpers/workbench';

// Issue 13 (items 2, 3, 8, 9, 10 on the import side): bad input gets one clear `file:line: field: message`,
// an import never reads outside the folder the user chose, data is kept exactly, and a failure keeps nothing.

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

function expectNothingKept(dataDir: string): void {
  const lance = path.join(dataDir, 'lance');
  expect(fs.existsSync(lance) ? fs.readdirSync(lance).filter((entry) => entry.endsWith('.lance')) : []).toEqual([]);
  const media = path.join(dataDir, 'media');
  expect(fs.existsSync(media) ? fs.readdirSync(media) : []).toEqual([]);
}

const pin = (id: string, image: string) => JSON.stringify({ id, title: `Pin ${id}`, tags: ['t'], board: 'B', image });
const GOOD_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><circle r="5" fill="red"/></svg>';

/** A pins folder whose first pin is fine and whose second names `image`, set up by `prepare`. */
function pinsFolder(dir: string, image: string, prepare: (folder: string) => void): string {
  fs.mkdirSync(path.join(dir, 'images'));
  fs.writeFileSync(path.join(dir, 'images', 'ok.svg'), GOOD_SVG);
  prepare(dir);
  fs.writeFileSync(path.join(dir, 'pins.jsonl'), [pin('a', 'images/ok.svg'), pin('b', image)].join('\n'));
  return dir;
}

describe('pins images: only regular image files inside the chosen folder', () => {
  const tempDir = useTempDirs();

  const refusals: { name: string; image: string; prepare: (folder: string, outside: string) => void; reason: string }[] = [
    {
      name: 'a symbolic link to /etc/passwd',
      image: 'images/secret.png',
      prepare: (folder) => fs.symlinkSync('/etc/passwd', path.join(folder, 'images', 'secret.png')),
      reason: 'image "images/secret.png" is a symbolic link: images are copied only from regular files in the dataset folder',
    },
    {
      name: 'a symbolic link to an image inside the folder',
      image: 'images/alias.svg',
      prepare: (folder) => fs.symlinkSync(path.join(folder, 'images', 'ok.svg'), path.join(folder, 'images', 'alias.svg')),
      reason: 'image "images/alias.svg" is a symbolic link',
    },
    {
      name: 'a file under a linked folder that leads outside',
      image: 'linked/photo.png',
      prepare: (folder, outside) => {
        fs.writeFileSync(path.join(outside, 'photo.png'), TINY_PNG);
        fs.symlinkSync(outside, path.join(folder, 'linked'));
      },
      reason: 'image "linked/photo.png" lies outside the dataset folder: a folder on its path is a symbolic link out of it',
    },
    {
      name: 'a folder',
      image: 'images/folder.png',
      prepare: (folder) => fs.mkdirSync(path.join(folder, 'images', 'folder.png')),
      reason: 'image "images/folder.png" is a folder, not an image file',
    },
    {
      name: 'a raw HTML page',
      image: 'images/page.html',
      prepare: (folder) => fs.writeFileSync(path.join(folder, 'images', 'page.html'), '<script>alert(1)</script>'),
      reason: 'image "images/page.html" is not an image file: images must be .svg, .png, .jpg, .jpeg, .gif, .webp, .avif, .bmp',
    },
    {
      name: 'HTML named .png',
      image: 'images/page.png',
      prepare: (folder) => fs.writeFileSync(path.join(folder, 'images', 'page.png'), '<html><script>alert(1)</script></html>'),
      reason: "image \"images/page.png\" is not a PNG image: its first bytes are not that format's signature",
    },
  ];

  for (const { name, image, prepare, reason } of refusals) {
    it(`refuses ${name} with file:line: field, and keeps nothing`, async () => {
      const outside = tempDir();
      const folder = pinsFolder(tempDir(), image, (dir) => prepare(dir, outside));
      const dataDir = tempDir();
      await withWorkbench(dataDir, async (workbench) => {
        await expect(workbench.datasets.startImport({ format: 'pins', path: folder, name: 'p' }).finished).rejects.toMatchObject({
          code: 'IMPORT_BAD_LINE',
          message: expect.stringContaining(`${path.join(folder, 'pins.jsonl')}:2: image: ${reason}`),
        });
        expect(workbench.datasets.list()).toEqual([]);
      });
      expectNothingKept(dataDir);
    });
  }

  it('imports real PNG and SVG files, storing the PNG byte for byte', async () => {
    const folder = pinsFolder(tempDir(), 'images/dot.png', (dir) => fs.writeFileSync(path.join(dir, 'images', 'dot.png'), TINY_PNG));
    await withWorkbench(tempDir(), async (workbench) => {
      await workbench.datasets.startImport({ format: 'pins', path: folder, name: 'p' }).finished;
      const { results } = await workbench.search.search({ dataset: 'p', text: 'pin', k: 5, variant: 'bm25' });
      const png = results.find((result) => result.id === 'b')!;
      expect(fs.readFileSync(workbench.datasets.resolveMediaFile(png.imageUrl!.replace(/^media\//, ''))!)).toEqual(TINY_PNG);
    });
  });

  it('names the pins line of a malformed SVG, and removes the images already copied', async () => {
    const folder = pinsFolder(tempDir(), 'images/broken.svg', (dir) => fs.writeFileSync(path.join(dir, 'images', 'broken.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>'));
    const dataDir = tempDir();
    const result = await cli(['--data-dir', dataDir, 'import', '--format', 'pins', folder, '--name', 'p']);
    expect(result.code).toBe(2);
    expect(lastLine(result.stderr)).toMatch(new RegExp(`^relwb: ${escapeRegExp(path.join(folder, 'pins.jsonl'))}:2: image: image "images/broken.svg": malformed SVG: [^\\n]+$`));
    expectNothingKept(dataDir);
  });

  it('refuses an image that is a folder from the CLI with exit 2 and no stack trace', async () => {
    const folder = pinsFolder(tempDir(), 'images/dir.svg', (dir) => fs.mkdirSync(path.join(dir, 'images', 'dir.svg')));
    const result = await cli(['--data-dir', tempDir(), 'import', '--format', 'pins', folder, '--name', 'p']);
    expect(result.code).toBe(2);
    expect(lastLine(result.stderr)).toBe(`relwb: ${path.join(folder, 'pins.jsonl')}:2: image: image "images/dir.svg" is a folder, not an image file`);
  });

  it('refuses a bad image in an append and leaves the dataset and its media as they were', async () => {
    const folder = pinsFolder(tempDir(), 'images/dot.png', (dir) => fs.writeFileSync(path.join(dir, 'images', 'dot.png'), TINY_PNG));
    const more = pinsFolder(tempDir(), 'images/leak.png', (dir) => fs.symlinkSync('/etc/passwd', path.join(dir, 'images', 'leak.png')));
    // New ids, so only the image stops the append; its first pin's image is copied before the second line fails.
    fs.writeFileSync(path.join(more, 'pins.jsonl'), [pin('c', 'images/ok.svg'), pin('d', 'images/leak.png')].join('\n'));
    const dataDir = tempDir();
    await withWorkbench(dataDir, async (workbench) => {
      await workbench.datasets.startImport({ format: 'pins', path: folder, name: 'p' }).finished;
      const mediaBefore = fs.readdirSync(path.join(dataDir, 'media'), { recursive: true }).sort();
      await expect(workbench.datasets.startAppend({ format: 'pins', path: more, name: 'p' }).finished).rejects.toThrow(
        `${path.join(more, 'pins.jsonl')}:2: image: image "images/leak.png" is a symbolic link`,
      );
      expect(workbench.datasets.summary('p').docCount).toBe(2);
      expect(fs.readdirSync(path.join(dataDir, 'media'), { recursive: true }).sort()).toEqual(mediaBefore);
      const ids = (await workbench.search.search({ dataset: 'p', text: 'pin', k: 10, variant: 'bm25' })).results.map((result) => result.id);
      expect(ids.sort()).toEqual(['a', 'b']);

      // Another picture under a name the dataset already has would change pin "a"'s image: refused.
      fs.writeFileSync(path.join(more, 'images', 'ok.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><rect width="9"/></svg>');
      fs.writeFileSync(path.join(more, 'pins.jsonl'), pin('c', 'images/ok.svg'));
      await expect(workbench.datasets.startAppend({ format: 'pins', path: more, name: 'p' }).finished).rejects.toThrow(
        `${path.join(more, 'pins.jsonl')}:1: image: image "images/ok.svg" differs from the image of that name already in this dataset: give it another name`,
      );
      expect(fs.readdirSync(path.join(dataDir, 'media'), { recursive: true }).sort()).toEqual(mediaBefore);
    });
  });

  it('checks images of mapped JSONL documents the same way, under the mapped field', async () => {
    const folder = tempDir();
    fs.symlinkSync('/etc/passwd', path.join(folder, 'leak.png'));
    const file = path.join(folder, 'docs.jsonl');
    fs.writeFileSync(file, JSON.stringify({ id: 'a', name: 'x', picture: 'leak.png' }));
    await withWorkbench(tempDir(), async (workbench) => {
      await expect(
        workbench.datasets.startImport({ format: 'jsonl', path: file, name: 'j', mapping: { id: 'id', title: 'name', image: 'picture' } }).finished,
      ).rejects.toThrow(`${file}:1: picture: image "leak.png" is a symbolic link`);
    });
  });
});

describe('bad files: one clear line and exit code 2', () => {
  const tempDir = useTempDirs();

  it('a missing file, to import or to add, from the CLI', async () => {
    const dataDir = tempDir();
    const missing = path.join(tempDir(), 'nope.jsonl');
    const imported = await cli(['--data-dir', dataDir, 'import', '--format', 'jsonl', missing, '--name', 'j', '--map', 'id=id,title=t']);
    expect(imported.code).toBe(2);
    expect(lastLine(imported.stderr)).toBe(`relwb: nothing at "${missing}": check the file path`);
    expect((await cli(['--data-dir', dataDir, 'import', '--format', 'beir', writeBeirFolder(tempDir()), '--name', 'tiny'])).code).toBe(0);
    const added = await cli(['--data-dir', dataDir, 'datasets', 'add', 'tiny', '--format', 'jsonl', missing, '--map', 'id=id,title=t']);
    expect(added.code).toBe(2);
    expect(lastLine(added.stderr)).toBe(`relwb: nothing at "${missing}": check the file path`);
    // Over the API the request is refused before a job starts, so the form can say why at once.
    await withWorkbench(dataDir, async (workbench) => {
      const jobsBefore = workbench.ctx.jobs.list().length;
      expect(() => workbench.datasets.startAppend({ format: 'jsonl', path: missing, name: 'tiny', mapping: { id: 'id', title: 't' } })).toThrow(
        expect.objectContaining({ code: 'IMPORT_MISSING_FILE' }),
      );
      expect(workbench.ctx.jobs.list()).toHaveLength(jobsBefore);
    });
  });

  it('a 600 MB single line (JSONL) or record (CSV) is refused by length, without reading it whole, and nothing is kept', async () => {
    const dataDir = tempDir();
    const file = path.join(tempDir(), 'huge.jsonl');
    fs.writeFileSync(file, `{"id": "a", "t": "small"}\n{"id": "b", "t": "`);
    // Sparse: 600 MB without a line break, and hardly any disk used.
    fs.truncateSync(file, 600 * 1024 * 1024);
    const result = await cli(['--data-dir', dataDir, 'import', '--format', 'jsonl', file, '--name', 'huge', '--map', 'id=id,title=t']);
    expect(result.code).toBe(2);
    expect(lastLine(result.stderr)).toBe(`relwb: ${file}:2: line is longer than the limit of 16 MiB for one line`);

    const csv = path.join(tempDir(), 'huge.csv');
    fs.writeFileSync(csv, 'id,t\na,small\nb,"');
    fs.truncateSync(csv, 600 * 1024 * 1024);
    const csvResult = await cli(['--data-dir', dataDir, 'import', '--format', 'csv', csv, '--name', 'huge', '--map', 'id=id,title=t']);
    expect(csvResult.code).toBe(2);
    expect(lastLine(csvResult.stderr)).toBe(`relwb: ${csv}:3: invalid CSV: Max Record Size: record exceed the maximum number of tolerated bytes of 16777216`);
    expect(JSON.parse((await cli(['--data-dir', dataDir, 'datasets', 'list', '--json'])).stdout)).toEqual([]);
    expectNothingKept(dataDir);
  });

  it('a line of JSON that is not JSON quotes at most a short excerpt', async () => {
    const file = path.join(tempDir(), 'passwd.jsonl');
    fs.writeFileSync(file, 'root:x:0:0:root:/root:/bin/bash-and-then-some-more-text\nsecond:x:1:1\n');
    const result = await cli(['--data-dir', tempDir(), 'import', '--format', 'jsonl', file, '--name', 'p', '--map', 'id=id,title=t']);
    expect(result.code).toBe(2);
    expect(lastLine(result.stderr)).toBe(`relwb: ${file}:1: invalid JSON: the line starts "root:x:0:0:root:/root:/bin/bash-and-then"…`);
    expect(result.stderr).not.toContain('some-more-text');
  });

  it('a CSV header or cell that is not what was expected is quoted only as a short excerpt', async () => {
    const folder = tempDir();
    const passwd = path.join(folder, 'passwd.csv');
    fs.writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash-and-then-some-more-text\nsecond:x:1:1\n');
    const stray = path.join(folder, 'stray.csv');
    fs.writeFileSync(stray, `id,t\na,ok\nb,secret ${'s'.repeat(100)} "quoted" tail-that-must-not-leak\n`);
    await withWorkbench(tempDir(), async (workbench) => {
      await expect(workbench.datasets.startImport({ format: 'csv', path: passwd, name: 'p', mapping: { id: 'id', title: 't' } }).finished).rejects.toMatchObject({
        message: `${passwd}:1: id: no such column in the header (columns: "root:x:0:0:root:/root:/bin/bash-and-then"…)`,
      });
      await expect(workbench.datasets.startImport({ format: 'csv', path: stray, name: 's', mapping: { id: 'id', title: 't' } }).finished).rejects.toMatchObject({
        message: `${stray}:3: invalid CSV: a quote inside a cell that does not start with one (column "t")`,
      });
    });
  });
});

describe('data is kept exactly or refused', () => {
  const tempDir = useTempDirs();

  it('refuses bytes that are not UTF-8, in JSONL and in CSV, with line and byte offset', async () => {
    const folder = tempDir();
    const jsonl = path.join(folder, 'docs.jsonl');
    fs.writeFileSync(jsonl, Buffer.concat([Buffer.from('{"id": "a", "t": "ok"}\n{"id": "b", "t": "caf'), Buffer.from([0xe9, 0x20, 0xff]), Buffer.from('"}\n')]));
    const csv = path.join(folder, 'docs.csv');
    fs.writeFileSync(csv, Buffer.concat([Buffer.from('id,t\na,ok\nb,caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const dataDir = tempDir();
    await withWorkbench(dataDir, async (workbench) => {
      await expect(workbench.datasets.startImport({ format: 'jsonl', path: jsonl, name: 'j', mapping: { id: 'id', title: 't' } }).finished).rejects.toMatchObject({
        code: 'IMPORT_BAD_LINE',
        message: `${jsonl}:2: not valid UTF-8 at byte offset 44 (byte 22 of the line): save the file as UTF-8`,
      });
      await expect(workbench.datasets.startImport({ format: 'csv', path: csv, name: 'c', mapping: { id: 'id', title: 't' } }).finished).rejects.toThrow(
        `${csv}:3: not valid UTF-8 at byte offset 15 (byte 6 of the line): save the file as UTF-8`,
      );
      expect(workbench.datasets.list()).toEqual([]);
    });
    expectNothingKept(dataDir);
  });

  it('keeps JSON integer ids beyond 2^53 digit for digit, so neighbours do not collide', async () => {
    const folder = writeBeirFolder(tempDir(), {
      corpus: [
        '{"_id": 12345678901234567891, "title": "Wing flutter", "text": "flutter of a swept wing"}',
        '{"_id": 12345678901234567892, "title": "Boundary layers", "text": "heat transfer in a boundary layer"}',
        beirDoc('d3', 'Shock waves', 'oblique shock waves'),
      ],
      queries: ['{"_id": 98765432109876543210, "text": "wing flutter"}'],
      qrels: ['query-id\tcorpus-id\tscore', '98765432109876543210\t12345678901234567891\t2'],
    });
    const mapped = path.join(tempDir(), 'docs.jsonl');
    fs.writeFileSync(mapped, '{"id": -90071992547409931, "t": "negative"}\n{"id": 12, "t": "small"}\n');
    await withWorkbench(tempDir(), async (workbench) => {
      await workbench.datasets.startImport({ format: 'beir', path: folder, name: 'big' }).finished;
      const { ranked } = await workbench.search.rank({ dataset: 'big', text: 'flutter', k: 1, variant: 'bm25' });
      expect(ranked[0].doc.id).toBe('12345678901234567891');
      expect(workbench.datasets.qrels('big')).toMatchObject([{ queryId: '98765432109876543210', docId: '12345678901234567891', relevance: 2 }]);
      await workbench.datasets.startImport({ format: 'jsonl', path: mapped, name: 'm', mapping: { id: 'id', title: 't' } }).finished;
      const ids = (await workbench.search.rank({ dataset: 'm', text: 'negative small', k: 5, variant: 'bm25' })).ranked.map((result) => result.doc.id);
      expect(ids.sort()).toEqual(['-90071992547409931', '12']);
    });
  });

  it('refuses an id a double has already rounded (a fraction or exponent beyond 2^53)', async () => {
    const file = path.join(tempDir(), 'docs.jsonl');
    fs.writeFileSync(file, '{"id": 1.2345678901234567891e19, "t": "x"}\n');
    await withWorkbench(tempDir(), async (workbench) => {
      await expect(workbench.datasets.startImport({ format: 'jsonl', path: file, name: 'm', mapping: { id: 'id', title: 't' } }).finished).rejects.toThrow(
        `${file}:1: id: must be a string or an integer written with plain digits, got 12345678901234567000`,
      );
    });
  });

  it('refuses qrels grades outside the 32-bit range, and keeps nothing', async () => {
    const dataDir = tempDir();
    for (const score of ['99999999999999999999', '2147483648', '-2147483649']) {
      const folder = writeBeirFolder(tempDir(), { qrels: ['query-id\tcorpus-id\tscore', 'q1\td2\t2', `q2\td1\t${score}`] });
      const result = await cli(['--data-dir', dataDir, 'import', '--format', 'beir', folder, '--name', 'tiny']);
      expect(result.code).toBe(2);
      expect(lastLine(result.stderr)).toBe(`relwb: ${path.join(folder, 'qrels', 'test.tsv')}:3: score: score "${score}" is outside the grades allowed, -2147483648 to 2147483647`);
    }
    expectNothingKept(dataDir);
    const folder = writeBeirFolder(tempDir(), { qrels: ['query-id\tcorpus-id\tscore', 'q1\td2\t2147483647', 'q2\td1\t-2147483648'] });
    expect((await cli(['--data-dir', dataDir, 'import', '--format', 'beir', folder, '--name', 'tiny'])).code).toBe(0);
    await withWorkbench(dataDir, async (workbench) => {
      expect(workbench.datasets.qrels('tiny').map((qrel) => qrel.relevance).sort()).toEqual([-2147483648, 2147483647]);
    });
  });
});

/** The CLI prints progress on stderr first; the error is its last line. */
function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
