import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkbench } from '../../core/workbench';
import { useTempDirs } from '../helpers/temp-dir';
import { withWorkbench } from '../helpers/workbench';

const CSV = [
  'pin_id,name,about,labels,category,saves,created,picture',
  'p1,Red tulip,"spring flower, red",flower|tulip,Plants,120,2024-03-01,',
  'p2,Sunflower,"a tall flower, yellow",flower|sun,Plants,40,2023-07-15,',
  'p3,Race car,fast red car,car|race,Transportation,300,2022-01-01,',
  'p4,Flower van,a van full of flowers,car|flower,Transportation,5,2021-05-05,',
].join('\n');

describe('mapped imports', () => {
  const tempDir = useTempDirs();

  it('imports a CSV through a field mapping with popularity, dates and a query set, and filters by board', async () => {
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'pins.csv'), CSV);
    fs.writeFileSync(path.join(folder, 'queries.txt'), 'red flower\nfast car\n');
    await withWorkbench(tempDir(), async (workbench) => {
      const summary = await workbench.datasets.startImport({
        format: 'csv',
        path: path.join(folder, 'pins.csv'),
        name: 'pinsy',
        mapping: { id: 'pin_id', title: 'name', text: 'about', tags: 'labels', tagSeparator: '|', board: 'category', popularity: 'saves', createdAt: 'created', image: 'picture' },
        queries: path.join(folder, 'queries.txt'),
      }).finished;
      expect(summary).toMatchObject({ docCount: 4, queryCount: 2, denseModels: ['glove-100d'] });
      expect(workbench.datasets.queries('pinsy').map((query) => query.text)).toEqual(['red flower', 'fast car']);

      workbench.variants.save({ name: 'plants-only', retrievers: [{ kind: 'bm25' }], filters: [{ kind: 'board', in: ['Plants'] }] });
      const plants = await workbench.search.rank({ dataset: 'pinsy', text: 'flower', k: 10, variant: 'plants-only', features: true });
      expect(plants.ranked.map((result) => result.doc.id).sort()).toEqual(['p1', 'p2']);
      const tulip = plants.ranked.find((result) => result.doc.id === 'p1')!;
      expect(tulip.doc).toMatchObject({ tags: ['flower', 'tulip'], popularity: 120, createdAt: '2024-03-01T00:00:00.000Z' });
      const features = tulip.explanation.features!;
      expect(features.values[features.names.indexOf('popularity')]).toBeCloseTo(Math.log1p(120), 12);

      workbench.variants.save({ name: 'car-tags', retrievers: [{ kind: 'bm25' }], filters: [{ kind: 'tags', contains: ['car', 'flower'] }] });
      expect((await workbench.search.rank({ dataset: 'pinsy', text: 'flower', k: 10, variant: 'car-tags' })).ranked.map((r) => r.doc.id)).toEqual(['p4']);
    });
  });

  it('stores precomputed vectors under the model that made them and searches them with its query encoder', async () => {
    const folder = tempDir();
    await withWorkbench(tempDir(), async (workbench) => {
      // Vectors "precomputed" by the bundled GloVe encoder itself, so query and documents share a space.
      const texts = ['aircraft wing design', 'protein folding pathways', 'jet engine noise'];
      const { encodeTexts, getModel } = await import('../../core/models');
      const glove = await getModel('glove-100d', { bundledModelsDir: path.resolve('models') });
      const vectors = await encodeTexts(glove, texts);
      const lines = texts.map((text, i) => JSON.stringify({ id: `d${i}`, body: text, emb: Array.from(vectors[i]) }));
      fs.writeFileSync(path.join(folder, 'docs.jsonl'), lines.join('\n'));
      await workbench.datasets.startImport({
        format: 'jsonl',
        path: path.join(folder, 'docs.jsonl'),
        name: 'vectors',
        mapping: { id: 'id', text: 'body', vector: 'emb' },
        vectorModel: 'glove-100d',
        denseModels: [],
      }).finished;
      const { ranked } = await workbench.search.rank({ dataset: 'vectors', text: 'airplane wings', k: 3, variant: 'dense-glove' });
      expect(ranked[0].doc.id).toBe('d0');
      expect(ranked[0].score).toBeGreaterThan(ranked[2].score);
    });
  });

  it('rejects a vector of the wrong dimension with file:line and keeps nothing', async () => {
    const folder = tempDir();
    const file = path.join(folder, 'docs.jsonl');
    fs.writeFileSync(file, [JSON.stringify({ id: 'a', body: 'x', emb: [0.1, 0.2, 0.3] })].join('\n'));
    const dataDir = tempDir();
    await withWorkbench(dataDir, async (workbench) => {
      await expect(
        workbench.datasets.startImport({ format: 'jsonl', path: file, name: 'bad', mapping: { id: 'id', text: 'body', vector: 'emb' }, vectorModel: 'glove-100d' }).finished,
      ).rejects.toThrow(`${file}:1: emb: expected a vector of 100 numbers (set by the vectorDimensions option), got 3`);
      expect(workbench.datasets.list()).toEqual([]);
    });
  });

  it('refuses a mapped vector column without the model that made it', async () => {
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'docs.jsonl'), JSON.stringify({ id: 'a', body: 'x', emb: [1] }));
    await withWorkbench(tempDir(), async (workbench) => {
      await expect(
        workbench.datasets.startImport({ format: 'jsonl', path: path.join(folder, 'docs.jsonl'), name: 'v', mapping: { id: 'id', text: 'body', vector: 'emb' } }).finished,
      ).rejects.toThrow(/needs vectorModel/);
    });
  });
});

describe('pins import', () => {
  const tempDir = useTempDirs();

  it('copies images through the SVG sanitizer, so a hostile image arrives harmless', async () => {
    const folder = tempDir();
    fs.mkdirSync(path.join(folder, 'images'));
    fs.writeFileSync(
      path.join(folder, 'images', 'evil.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><circle r="5" fill="red"/><image href="http://evil.example/x.png"/></svg>',
    );
    fs.writeFileSync(path.join(folder, 'pins.jsonl'), JSON.stringify({ id: 'e', title: 'Evil circle', tags: ['red'], board: 'Shapes', image: 'images/evil.svg' }));
    await withWorkbench(tempDir(), async (workbench) => {
      await workbench.datasets.startImport({ format: 'pins', path: folder, name: 'evil' }).finished;
      const response = await workbench.search.search({ dataset: 'evil', text: 'circle', k: 1, variant: 'bm25' });
      expect(response.layout).toBe('grid');
      const file = workbench.datasets.resolveMediaFile(response.results[0].imageUrl!.replace(/^media\//, ''))!;
      const stored = fs.readFileSync(file, 'utf8');
      expect(stored).toContain('<circle');
      expect(stored).not.toMatch(/script|onload|evil\.example/);
    });
  });

  it('names the line of a pin whose image is missing', async () => {
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'pins.jsonl'), JSON.stringify({ id: 'a', title: 'A', image: 'images/none.svg' }));
    await withWorkbench(tempDir(), async (workbench) => {
      await expect(workbench.datasets.startImport({ format: 'pins', path: folder, name: 'p' }).finished).rejects.toThrow(
        `${path.join(folder, 'pins.jsonl')}:1: image: image "images/none.svg" does not exist`,
      );
    });
  });
});

describe('adding documents and large-table indexes', () => {
  const tempDir = useTempDirs();

  it('adds documents incrementally: searchable at once, duplicates refused with nothing changed', async () => {
    const folder = tempDir();
    fs.writeFileSync(path.join(folder, 'first.csv'), CSV);
    fs.writeFileSync(path.join(folder, 'more.csv'), 'pin_id,name,about\np5,Blue orchid,an orchid flower in a pot\n');
    fs.writeFileSync(path.join(folder, 'clash.csv'), 'pin_id,name,about\np6,Fine,ok\np1,Clash,duplicate id\n');
    const mapping = { id: 'pin_id', title: 'name', text: 'about' };
    await withWorkbench(tempDir(), async (workbench) => {
      await workbench.datasets.startImport({ format: 'csv', path: path.join(folder, 'first.csv'), name: 'grow', mapping }).finished;
      const { added, dataset } = await workbench.datasets.startAppend({ format: 'csv', path: path.join(folder, 'more.csv'), name: 'grow', mapping }).finished;
      expect(added).toBe(1);
      expect(dataset.docCount).toBe(5);
      expect((await workbench.search.rank({ dataset: 'grow', text: 'orchid', k: 5, variant: 'bm25' })).ranked.map((r) => r.doc.id)).toEqual(['p5']);
      expect((await workbench.search.rank({ dataset: 'grow', text: 'orchid', k: 5, variant: 'dense-glove' })).ranked[0].doc.id).toBe('p5');

      await expect(workbench.datasets.startAppend({ format: 'csv', path: path.join(folder, 'clash.csv'), name: 'grow', mapping }).finished).rejects.toThrow(
        `${path.join(folder, 'clash.csv')}:3: pin_id: duplicate document id "p1"`,
      );
      expect(workbench.datasets.require('grow').docCount).toBe(5);
      expect((await workbench.search.rank({ dataset: 'grow', text: 'fine', k: 5, variant: 'bm25' })).ranked).toEqual([]);
    });
  });

  it('builds an IVF-PQ vector index once a table reaches the ANN threshold, and dense search still finds the right document', async () => {
    const folder = tempDir();
    const words = ['wing', 'engine', 'protein', 'cell', 'river', 'mountain', 'music', 'guitar', 'bread', 'cheese', 'planet', 'star'];
    const lines = Array.from({ length: 600 }, (_, i) => JSON.stringify({ id: `d${i}`, text: `${words[i % 12]} ${words[(i * 7 + 3) % 12]} note ${i}` }));
    lines.push(JSON.stringify({ id: 'target', text: 'violin orchestra symphony concert' }));
    fs.writeFileSync(path.join(folder, 'docs.jsonl'), lines.join('\n'));
    const workbench = await openWorkbench({ dataDir: tempDir(), device: 'cpu', annMinRows: 300 });
    try {
      const summary = await workbench.datasets.startImport({ format: 'jsonl', path: path.join(folder, 'docs.jsonl'), name: 'big', mapping: { id: 'id', text: 'text' } }).finished;
      expect(summary.annIndex).toBe(true);
      const lance = await import('@lancedb/lancedb');
      const db = await lance.connect(path.join(workbench.ctx.config.dataDir, 'lance'));
      const indices = await (await db.openTable(workbench.datasets.require('big').lanceTable)).listIndices();
      expect(indices.find((index) => index.columns[0] === 'vec_glove_100d')?.indexType).toMatch(/IvfPq/i);
      db.close();
      const { ranked } = await workbench.search.rank({ dataset: 'big', text: 'symphony orchestra violin', k: 5, variant: 'dense-glove' });
      expect(ranked[0].doc.id).toBe('target');
    } finally {
      await workbench.close();
    }
  });
});
