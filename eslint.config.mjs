import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './eslint/layers.mjs';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', '.bench/**', 'models/**/*.onnx'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    // core/ is plain Node: every shell (Electron, web, CLI) and every test must be able to load it.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'react', 'react-dom'].map((name) => ({ name, message: 'core/ must not depend on a UI shell' })),
          patterns: [
            { group: ['react/*', 'react-dom/*', 'electron/*'], message: 'core/ must not depend on a UI shell' },
            { group: ['**/renderer/**', '**/electron/**'], message: 'core/ must not import from the shells' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage'],
    },
  },
  {
    files: ['core/**/*.ts'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/import-direction': 'error' },
  },
  {
    // The renderer talks to core only through the API contract's types.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/core/**', '!**/core/api/contract'], message: 'the renderer may import only core/api/contract' },
            { group: ['**/core/api/contract'], allowTypeImports: true, message: 'import contract types only (import type)' },
          ],
        },
      ],
    },
  },
);
