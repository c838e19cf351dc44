// The layer rule for core/ (like VS Code's): a folder may import its own layer and the layers below it,
// never one above. A new folder in core/ must be given a layer here before anything in it lints.
import path from 'node:path';

/** Lower number = lower layer. Folders on one layer may import each other. */
export const CORE_LAYERS = {
  runtime: 0,
  store: 1,
  index: 1,
  models: 1,
  eval: 1,
  media: 1,
  context: 2,
  datasets: 3,
  ranking: 3,
  search: 3,
  system: 3,
  runs: 4,
  judgments: 4,
  rating: 5,
  comparison: 5,
  training: 5,
  // Judgment files in and out: needs rating's scales and consensus, so it sits beside rating.
  'judgment-exchange': 5,
  api: 6,
  'workbench.ts': 6,
  host: 7,
  cli: 7,
};

/** The layer name of a path inside core/ (its first segment), or null for a path outside core/. */
function layerOf(coreDir, file) {
  const relative = path.relative(coreDir, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return relative.split(path.sep)[0];
}

const importDirection = {
  meta: {
    type: 'problem',
    docs: { description: 'core/ layers import only their own layer and the ones below' },
    schema: [{ type: 'object', properties: { coreDir: { type: 'string' } }, additionalProperties: false }],
    messages: {
      upward: 'core/{{from}} (layer {{fromLevel}}) must not import core/{{to}} (layer {{toLevel}}): lower layers never depend on higher ones (eslint/layers.mjs)',
      unknown: 'core/{{name}} has no layer: give it one in eslint/layers.mjs',
    },
  },
  create(context) {
    const coreDir = path.resolve(context.options[0]?.coreDir ?? 'core');
    const file = path.resolve(context.filename);
    const from = layerOf(coreDir, file);
    if (from === null) return {};
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const to = layerOf(coreDir, path.resolve(path.dirname(file), specifier));
      if (to === null || to === from) return;
      const target = to in CORE_LAYERS ? to : `${to}.ts` in CORE_LAYERS ? `${to}.ts` : null;
      if (!(from in CORE_LAYERS)) return context.report({ node, messageId: 'unknown', data: { name: from } });
      if (target === null) return context.report({ node, messageId: 'unknown', data: { name: to } });
      if (CORE_LAYERS[target] > CORE_LAYERS[from]) {
        context.report({ node, messageId: 'upward', data: { from, to: target, fromLevel: CORE_LAYERS[from], toLevel: CORE_LAYERS[target] } });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export const layersPlugin = { rules: { 'import-direction': importDirection } };
