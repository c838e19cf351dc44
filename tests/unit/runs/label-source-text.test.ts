import { describe, expect, it } from 'vitest';
import { labelSourceText, parseLabelSourceText } from '../../../core/runs/label-source-text';
import * as renderer from '../../../renderer/components/label-source';

const SOURCES = [{ kind: 'qrels' as const }, { kind: 'task' as const, task: 12 }, { kind: 'import' as const, source: 'cranfield qrels' }];

describe('label source words (CLI --labels, dashboard URLs)', () => {
  it('round-trips every kind, and the renderer spells them the same', () => {
    expect(SOURCES.map(labelSourceText)).toEqual(['qrels', 'task:12', 'import:cranfield qrels']);
    for (const source of SOURCES) {
      expect(parseLabelSourceText(labelSourceText(source))).toEqual(source);
      expect(renderer.labelSourceText(source)).toBe(labelSourceText(source));
      expect(renderer.parseLabelSourceText(labelSourceText(source))).toEqual(source);
    }
  });

  it('names nothing for other words', () => {
    for (const word of ['', 'task:', 'task:0', 'task:x', 'import:', 'import: ', 'qrel']) {
      expect(parseLabelSourceText(word)).toBeNull();
      expect(renderer.parseLabelSourceText(word)).toBeNull();
    }
  });
});
