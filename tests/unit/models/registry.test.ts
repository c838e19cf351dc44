import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModel, listModels, releaseSessions, userModelsDir, type ModelListing } from '../../../core/models';
import { tinyBiEncoderManifest, tinyBiEncoderOnnx, tinyTokenizerJson, TINY_VOCAB, writeModelFolder } from '../../helpers/tiny-onnx';

const onnx = tinyBiEncoderOnnx({
  tokenEmbeddings: TINY_VOCAB.map((_, i) => [i, 0, 0]),
  typeEmbeddings: [
    [0, 0, 0],
    [0, 0, 0],
  ],
  projection: [
    [1, 0],
    [0, 1],
    [0, 0],
  ],
  maskBias: [0, 0],
});
const tokenizer = { 'tokenizer.json': tinyTokenizerJson() };

let dataDir: string;
let listings: ModelListing[];

function listing(id: string): ModelListing {
  const found = listings.find((l) => l.id === id);
  if (!found) throw new Error(`no listing for ${id}`);
  return found;
}

function errorOf(id: string): string {
  const found = listing(id);
  if (found.status !== 'error') throw new Error(`${id} is ${found.status}`);
  return found.error;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'relwb-registry-'));
  const models = userModelsDir(dataDir);
  await writeModelFolder(path.join(models, 'tiny-minilm'), tinyBiEncoderManifest(), onnx, tokenizer);
  await writeModelFolder(path.join(models, 'bad-json'), '{"kind": "bi-encoder",', onnx, tokenizer);
  await writeModelFolder(path.join(models, 'bad-field'), tinyBiEncoderManifest({ pooling: 'max' }), onnx, tokenizer);
  await writeModelFolder(path.join(models, 'no-onnx'), tinyBiEncoderManifest(), null, tokenizer);
  await writeModelFolder(path.join(models, 'no-tokenizer'), tinyBiEncoderManifest(), onnx);
  await writeModelFolder(
    path.join(models, 'wrong-inputs'),
    tinyBiEncoderManifest({ inputs: { inputIds: 'ids', attentionMask: 'attention_mask', tokenTypeIds: 'token_type_ids' } }),
    onnx,
    tokenizer,
  );
  await writeModelFolder(path.join(models, 'corrupt-onnx'), tinyBiEncoderManifest(), new Uint8Array([1, 2, 3, 4]), tokenizer);
  await mkdir(path.join(models, 'just-a-folder'));
  await writeModelFolder(path.join(models, 'glove-100d'), tinyBiEncoderManifest(), onnx, tokenizer);
  await writeFile(path.join(models, 'notes.txt'), 'files beside model folders are ignored');
  listings = await listModels({ userModelsDir: models });
});

afterAll(async () => {
  await releaseSessions();
  await rm(dataDir, { recursive: true, force: true });
});

describe('listModels', () => {
  it('lists the bundled GloVe encoder and a model dropped into the user folder', () => {
    const glove = listing('glove-100d');
    expect(glove).toMatchObject({ source: 'bundled', status: 'ready' });
    expect(glove.status === 'ready' && glove.model.manifest).toMatchObject({ kind: 'bi-encoder', dimensions: 100 });
    expect(listing('tiny-minilm')).toMatchObject({ source: 'user', status: 'ready' });
  });

  it('turns each broken folder into an error entry that says what is wrong', () => {
    expect(errorOf('bad-json')).toMatch(/bad-json[\\/]model\.json: not valid JSON/);
    expect(errorOf('bad-field')).toMatch(/bad-field[\\/]model\.json: field "pooling": /);
    expect(errorOf('no-onnx')).toMatch(/missing ONNX graph .*no-onnx[\\/]model\.onnx/);
    expect(errorOf('no-tokenizer')).toMatch(/missing tokenizer file .*tokenizer\.json/);
    expect(errorOf('wrong-inputs')).toContain(
      "model wrong-inputs: manifest says input 'ids' (inputs.inputIds) but model.onnx has inputs [input_ids, attention_mask, token_type_ids]",
    );
    expect(errorOf('wrong-inputs')).toContain("model.onnx needs input 'input_ids' which the manifest does not name");
    expect(errorOf('corrupt-onnx')).toMatch(/protobuf|parse|load/i);
    expect(errorOf('just-a-folder')).toMatch(/missing manifest .*just-a-folder[\\/]model\.json/);
  });

  it('does not let a user folder shadow a bundled model id', () => {
    const clash = listings.filter((l) => l.id === 'glove-100d');
    expect(clash.map((l) => [l.source, l.status])).toEqual([
      ['bundled', 'ready'],
      ['user', 'error'],
    ]);
    expect(clash[1].status === 'error' && clash[1].error).toContain("model id 'glove-100d' is already taken by");
  });

  it('ignores the bundled scripts folder and plain files', () => {
    expect(listings.map((l) => l.id)).not.toContain('scripts');
    expect(listings.map((l) => l.id)).not.toContain('notes.txt');
  });

  it('re-checks a folder once its files change', async () => {
    const fixed = path.join(dataDir, 'later');
    await writeModelFolder(path.join(fixed, 'models', 'tiny'), tinyBiEncoderManifest(), onnx);
    const before = await listModels({ userModelsDir: userModelsDir(fixed) });
    expect(before.find((l) => l.id === 'tiny')?.status).toBe('error');
    await writeFile(path.join(fixed, 'models', 'tiny', 'tokenizer.json'), JSON.stringify(tinyTokenizerJson()));
    const after = await listModels({ userModelsDir: userModelsDir(fixed) });
    expect(after.find((l) => l.id === 'tiny')?.status).toBe('ready');
  });

  it('treats a missing user folder as empty', async () => {
    const only = await listModels({ userModelsDir: path.join(dataDir, 'nowhere') });
    expect(only.map((l) => l.id)).toEqual(['glove-100d']);
  });
});

describe('getModel', () => {
  const folders = () => ({ userModelsDir: userModelsDir(dataDir) });

  it('returns a ready model', async () => {
    expect(await getModel('tiny-minilm', folders())).toMatchObject({ id: 'tiny-minilm', source: 'user' });
  });

  it('names the problem of a broken model', async () => {
    await expect(getModel('no-onnx', folders())).rejects.toThrow("model 'no-onnx' cannot be used: missing ONNX graph");
  });

  it('says which folders exist when the id is unknown', async () => {
    await expect(getModel('nope', folders())).rejects.toThrow(/model 'nope' is not installed \(folders found: glove-100d, bad-field/);
  });
});
