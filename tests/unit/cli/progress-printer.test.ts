import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../../core/cli/command';
import { progressPrinter } from '../../../core/cli/with-workbench';

describe('progressPrinter', () => {
  const printed = (interactive: boolean, calls: [string, number, number][]) => {
    let stderr = '';
    const print = progressPrinter({ stderr: (text: string) => (stderr += text) } as unknown as CliContext, interactive);
    for (const call of calls) print(...call);
    return stderr;
  };

  it('rewrites one line on a terminal: a percentage with a total, the count without one', () => {
    expect(printed(true, [['validating lines', 400, 1600]])).toBe('\rvalidating lines: 25%   ');
    expect(printed(true, [['writing rows', 12_000, 0]])).toBe('\rwriting rows: 12,000   ');
    expect(printed(true, [['reading judgments', 0, 0]])).toBe('\rreading judgments: 0%   ');
  });

  it('prints each phase once otherwise', () => {
    expect(printed(false, [['validating lines', 1, 10], ['validating lines', 5, 10], ['writing judgments', 0, 3]])).toBe('validating lines…\nwriting judgments…\n');
  });
});
