import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

/** The layer rule's messages for `code` as if it were the file at `file` (relative to the project root). */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((message) => message.ruleId === 'layers/import-direction').map((message) => message.message);
}

describe('core layer rule', () => {
  it('fails a lower layer that imports a higher one, naming both', async () => {
    const errors = await layerErrors('core/store/example.ts', "import { openWorkbench } from '../workbench';\nexport const x = openWorkbench;\n");
    expect(errors).toEqual([expect.stringContaining('core/store (layer 1) must not import core/workbench.ts (layer 6)')]);
    expect(await layerErrors('core/eval/example.ts', "export { createDatasetsService } from '../datasets/service';\n")).toHaveLength(1);
    expect(await layerErrors('core/runtime/example.ts', "export const load = () => import('../store/store');\n")).toHaveLength(1);
  });

  it('passes imports downward and within a layer', async () => {
    expect(await layerErrors('core/search/example.ts', "import { AppError } from '../runtime/errors';\nimport type { DatasetsService } from '../datasets/service';\nexport type X = [AppError, DatasetsService];\n")).toEqual([]);
    expect(await layerErrors('core/cli/example.ts', "import { openWorkbench } from '../workbench';\nexport const x = openWorkbench;\n")).toEqual([]);
  });

  it('asks for a layer for a folder that has none', async () => {
    expect(await layerErrors('core/newfeature/example.ts', "import { AppError } from '../runtime/errors';\nexport const x = AppError;\n")).toEqual([
      'core/newfeature has no layer: give it one in eslint/layers.mjs',
    ]);
  });

  it('holds for the whole of core/ as it is', async () => {
    const results = await eslint.lintFiles(['core/**/*.ts']);
    const violations = results.flatMap((result) => result.messages.filter((message) => message.ruleId === 'layers/import-direction').map((message) => `${result.filePath}: ${message.message}`));
    expect(violations).toEqual([]);
  });
});
