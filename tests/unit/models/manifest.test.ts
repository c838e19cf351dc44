import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest, readManifest } from '../../../core/models';
import { tinyBiEncoderManifest, tinyCrossEncoderManifest } from '../../helpers/tiny-onnx';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'relwb-manifest-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseManifest', () => {
  it('fills defaults for the sentence-transformers names and the model file', () => {
    const manifest = parseManifest(
      tinyCrossEncoderManifest({ inputs: {}, outputs: {}, tokenizer: { type: 'huggingface' } }),
      'model.json',
    );
    expect(manifest).toMatchObject({
      kind: 'cross-encoder',
      file: 'model.onnx',
      tokenizer: { type: 'huggingface', file: 'tokenizer.json' },
      inputs: { inputIds: 'input_ids', attentionMask: 'attention_mask' },
      outputs: { logits: 'logits' },
    });
  });

  it('names the file and every bad field', () => {
    expect(() =>
      parseManifest(tinyBiEncoderManifest({ pooling: 'max', dimensions: -1 }), '/m/x/model.json'),
    ).toThrow(/^\/m\/x\/model\.json: field "pooling": .*; field "dimensions": /);
  });

  it('rejects misspelt fields instead of ignoring them', () => {
    expect(() => parseManifest(tinyBiEncoderManifest({ normalise: true }), 'model.json')).toThrow(/normalise/);
  });

  it('needs exactly one bi-encoder output', () => {
    const both = { lastHiddenState: 'last_hidden_state', sentenceEmbedding: 'sentence_embedding' };
    expect(() => parseManifest(tinyBiEncoderManifest({ outputs: both }), 'model.json')).toThrow(
      'model.json: field "outputs": name exactly one of lastHiddenState or sentenceEmbedding',
    );
  });

  it('rejects an unknown kind and files outside the model folder', () => {
    expect(() => parseManifest({ kind: 'reranker' }, 'model.json')).toThrow(/field "kind"/);
    expect(() => parseManifest(tinyBiEncoderManifest({ file: '../elsewhere.onnx' }), 'model.json')).toThrow(
      'model.json: field "file": must be a path inside the model folder',
    );
  });

  it('checks that a word-vocab pattern is a valid regex', () => {
    const tokenizer = { type: 'word-vocab', pattern: '[a-z' };
    expect(() => parseManifest(tinyBiEncoderManifest({ tokenizer }), 'model.json')).toThrow(
      'field "tokenizer.pattern": must be a valid JavaScript regular expression',
    );
  });
});

describe('models/README.md', () => {
  it('shows an example manifest that parses', async () => {
    const readme = await readFile(path.resolve(__dirname, '../../../models/README.md'), 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(parseManifest(JSON.parse(example ?? 'null'), 'README example')).toMatchObject({ kind: 'bi-encoder', dimensions: 384 });
  });
});

describe('readManifest', () => {
  it('reports unreadable and non-JSON files with their path', async () => {
    const file = path.join(dir, 'model.json');
    await writeFile(file, 'not json');
    await expect(readManifest(file)).rejects.toThrow(`${file}: not valid JSON`);
    await expect(readManifest(path.join(dir, 'absent.json'))).rejects.toThrow(/absent\.json: cannot read/);
  });
});
