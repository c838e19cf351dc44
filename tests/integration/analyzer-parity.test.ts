import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ANALYZER, ftsIndexConfig } from '../../core/index/document-table';
import { analyzeTerms } from '../../core/ranking/features';

// NLTK's and Lucene's English stop words plus common function words that neither list has: the index
// must drop exactly the words analyzeTerms drops, or the per-field BM25 features count other terms.
const WORDS = (
  'a about above after again against ain all am an and any are aren as at be because been before being below ' +
  'between both but by can couldn d did didn do does doesn doing don down during each few for from further had ' +
  'hadn has hasn have haven having he her here hers herself him himself his how i if in into is isn it its ' +
  'itself just ll m ma me mightn more most mustn my myself needn no nor not now o of off on once only or other ' +
  'our ours ourselves out over own re s same shan she should shouldn so some such t than that the their theirs ' +
  'them themselves then there these they this those through to too under until up ve very was wasn we were ' +
  'weren what when where which while who whom why will with won wouldn y you your yours yourself yourselves ' +
  'could would within upon also may might must shall us one two non via however thus yet whether either every ' +
  'among across along around without wills ones doings boundaries'
).split(' ');

describe('the feature analyzer and the BM25 index', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-analyzer-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('drop the same stop words', async () => {
    const db = await lancedb.connect(dir);
    const table = await db.createTable('words', WORDS.map((word, i) => ({ id: String(i), text: `zqfiller ${word}` })));
    await table.createIndex('text', { config: ftsIndexConfig(DEFAULT_ANALYZER) });
    const disagreements: string[] = [];
    for (const word of WORDS) {
      const hits = (await table.search(word, 'fts', 'text').limit(1).toArray()).length;
      if ((hits > 0) !== (analyzeTerms(word).length > 0)) disagreements.push(`${word}: index ${hits > 0 ? 'keeps' : 'drops'} it`);
    }
    db.close();
    expect(disagreements).toEqual([]);
    expect(analyzeTerms('being above')).toEqual(['abov']);
  });
});
