import { stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeTexts, getModel, getTokenizer, type InstalledModel } from '../../../core/models';

let glove: InstalledModel;
beforeAll(async () => {
  glove = await getModel('glove-100d');
});

const cosine = (a: Float32Array, b: Float32Array): number => a.reduce((sum, x, i) => sum + x * b[i], 0);

describe('bundled GloVe encoder', () => {
  it('is a 100-d bi-encoder whose model.onnx stays within the 25 MB budget', async () => {
    expect(glove.manifest).toMatchObject({ kind: 'bi-encoder', dimensions: 100, normalize: true });
    expect((await stat(path.join(glove.dir, 'model.onnx'))).size).toBeLessThanOrEqual(25 * 1024 * 1024);
  });

  it('places related phrases closer than unrelated ones', async () => {
    const [wing, airplane, protein] = await encodeTexts(glove, ['aircraft wing', 'airplane wings', 'protein folding'], { device: 'cpu' });
    expect(cosine(wing, airplane)).toBeGreaterThan(0.6);
    expect(cosine(wing, airplane)).toBeGreaterThan(cosine(wing, protein) + 0.3);
  });

  it('returns unit-length vectors', async () => {
    const vectors = await encodeTexts(glove, ['boundary layer transition at supersonic speeds', 'lift'], { device: 'cpu' });
    for (const v of vectors) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
  });

  it('gives the same vector alone and padded in a batch with a longer text', async () => {
    const text = 'heat transfer in hypersonic flow';
    const [alone] = await encodeTexts(glove, [text], { device: 'cpu' });
    const longer = 'an experimental study of a wing in a propeller slipstream at several angles of attack '.repeat(4);
    const [, batched] = await encodeTexts(glove, [longer, text], { device: 'cpu', batchSize: 64 });
    expect(Array.from(batched)).toEqual(Array.from(alone, (x) => expect.closeTo(x, 6)));
  });

  it('gives a zero vector, not NaN, when no word is known', async () => {
    const [vector] = await encodeTexts(glove, ['zzqxv ###'], { device: 'cpu' });
    expect(Array.from(vector).every((x) => x === 0)).toBe(true);
  });

  it('keeps rare corpus words that fall outside the most frequent 100k', async () => {
    const tokenizer = await getTokenizer(glove.dir, glove.manifest.kind === 'bi-encoder' ? glove.manifest.tokenizer : never());
    expect(tokenizer.tokenId('the')).toBe(2);
    expect(tokenizer.tokenId('aeroelastic')).toBeGreaterThan(100_001);
    expect(tokenizer.tokenId('zzqxv')).toBe(1);
  });
});

function never(): never {
  throw new Error('unreachable');
}
