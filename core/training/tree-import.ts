/**
 * Models trained elsewhere on an exported feature file, read into the same tree form the in-app trainer
 * writes: an XGBoost JSON model (`save_model` / `model_out=…json`, or a `dump_format=json` dump) and a
 * LightGBM text model. Feature ids are the exported file's columns: `indexBase` 1 for LETOR/SVMlight
 * files whose first feature is `1:`, 0 when the first is `0:`.
 */
import { AppError } from '../runtime/errors';
import type { RegressionTree, TreeEnsemble, TreeNode } from './ranking-model';

export interface TreeImportOptions {
  /** Features the model must take (the feature set's width). */
  featureCount: number;
  /** The column id of the first feature in the training file; default 1. */
  indexBase?: number;
  /** Name for error messages. */
  file?: string;
}

/** XGBoost 1.x's default base_score, used when a dump (which does not record it) is imported. */
export const XGBOOST_DEFAULT_BASE_SCORE = 0.5;

function importError(options: TreeImportOptions, message: string): AppError {
  return new AppError('INVALID_ARGS', `${options.file ?? 'model'}: ${message}`, options.file ? { file: options.file } : {});
}

function featureIndex(raw: number | string, options: TreeImportOptions): number {
  const id = typeof raw === 'number' ? raw : Number(String(raw).replace(/^f/, ''));
  const feature = id - (options.indexBase ?? 1);
  if (!Number.isInteger(feature) || feature < 0 || feature >= options.featureCount) {
    throw importError(options, `split on feature ${raw}, but with index base ${options.indexBase ?? 1} the feature set has columns ${options.indexBase ?? 1}…${(options.indexBase ?? 1) + options.featureCount - 1}`);
  }
  return feature;
}

/** The largest float32 not above a float64 threshold: for float32 x, `x <= t` and `x <= result` then agree. */
export function float32AtOrBelow(threshold: number): number {
  const rounded = Math.fround(threshold);
  if (rounded <= threshold) return rounded;
  const bits = new Float32Array([rounded]);
  const asInt = new Int32Array(bits.buffer);
  asInt[0]! += rounded > 0 ? -1 : 1;
  return bits[0]!;
}

// ---------------------------------------------------------------------------------------------
// XGBoost

interface XgboostDumpNode {
  nodeid: number;
  leaf?: number;
  split?: string | number;
  split_condition?: number;
  yes?: number;
  no?: number;
  missing?: number;
  children?: XgboostDumpNode[];
}

interface XgboostSavedTree {
  left_children: number[];
  right_children: number[];
  split_indices: number[];
  split_conditions: number[];
  default_left: number[] | boolean[];
  split_type?: number[];
}

function treeFromDump(root: XgboostDumpNode, options: TreeImportOptions): RegressionTree {
  const byId = new Map<number, XgboostDumpNode>();
  const visit = (node: XgboostDumpNode) => {
    byId.set(node.nodeid, node);
    node.children?.forEach(visit);
  };
  visit(root);
  // Our node ids are positions; XGBoost's ids may have gaps after pruning.
  const ids = [...byId.keys()].sort((a, b) => a - b);
  if (ids[0] !== root.nodeid) throw importError(options, 'a tree root must have the smallest node id');
  const position = new Map(ids.map((id, i) => [id, i]));
  const lookup = (id: number | undefined): number => {
    const at = id === undefined ? undefined : position.get(id);
    if (at === undefined) throw importError(options, `a split points to missing node ${id}`);
    return at;
  };
  const nodes = ids.map((id): TreeNode => {
    const node = byId.get(id)!;
    if (node.leaf !== undefined) return { kind: 'leaf', value: Math.fround(node.leaf) };
    if (node.split === undefined || node.split_condition === undefined) throw importError(options, `node ${id} is neither a leaf nor a numeric split`);
    return {
      kind: 'split',
      feature: featureIndex(node.split, options),
      threshold: Math.fround(node.split_condition),
      left: lookup(node.yes),
      right: lookup(node.no),
      missingGoesLeft: node.missing === node.yes,
    };
  });
  return { nodes };
}

function treeFromSaved(tree: XgboostSavedTree, options: TreeImportOptions): RegressionTree {
  if (tree.split_type?.some((type) => type !== 0)) throw importError(options, 'categorical splits are not supported');
  return {
    nodes: tree.left_children.map((left, id): TreeNode =>
      left === -1
        ? // A leaf's split_condition holds its (already shrunk) value.
          { kind: 'leaf', value: Math.fround(tree.split_conditions[id]!) }
        : {
            kind: 'split',
            feature: featureIndex(tree.split_indices[id]!, options),
            threshold: Math.fround(tree.split_conditions[id]!),
            left,
            right: tree.right_children[id]!,
            missingGoesLeft: Boolean(tree.default_left[id]),
          },
    ),
  };
}

/**
 * An XGBoost model as JSON text: a saved model (`{"learner": …}`, base score included) or a JSON dump
 * (an array of trees; `baseScore` then defaults to XGBoost's 0.5). XGBoost sends `x < t` to "yes".
 */
export function importXgboostJson(text: string, options: TreeImportOptions & { baseScore?: number }): TreeEnsemble {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw importError(options, `not JSON (${(error as Error).message})`);
  }
  if (Array.isArray(parsed)) {
    const trees = (parsed as XgboostDumpNode[]).map((root) => treeFromDump(root, options));
    return { kind: 'trees', featureCount: options.featureCount, splitRule: 'lt', baseScore: options.baseScore ?? XGBOOST_DEFAULT_BASE_SCORE, trees };
  }
  const learner = (parsed as { learner?: { learner_model_param?: { base_score?: string }; gradient_booster?: { name?: string; model?: { trees?: XgboostSavedTree[] } } } }).learner;
  const booster = learner?.gradient_booster;
  if (!booster?.model?.trees) throw importError(options, 'neither an XGBoost JSON model (learner.gradient_booster.model.trees) nor a JSON dump (an array of trees)');
  if (booster.name !== undefined && booster.name !== 'gbtree') throw importError(options, `booster "${booster.name}" is not supported; train with booster=gbtree`);
  const baseScore = options.baseScore ?? Number(learner!.learner_model_param?.base_score ?? XGBOOST_DEFAULT_BASE_SCORE);
  return { kind: 'trees', featureCount: options.featureCount, splitRule: 'lt', baseScore: Math.fround(baseScore), trees: booster.model.trees.map((tree) => treeFromSaved(tree, options)) };
}

// ---------------------------------------------------------------------------------------------
// LightGBM

const numbers = (value: string | undefined): number[] => (value === undefined || value.trim() === '' ? [] : value.trim().split(/\s+/).map(Number));

/** One `Tree=` block: internal node i is our node i, leaf j (written `~j`, i.e. −j−1) is node (internal count + j). */
function lightgbmTree(fields: Map<string, string>, options: TreeImportOptions, name: string): RegressionTree {
  const leafValues = numbers(fields.get('leaf_value'));
  const leaves = Number(fields.get('num_leaves') ?? leafValues.length);
  if (leaves !== leafValues.length || leaves < 1) throw importError(options, `${name}: num_leaves=${leaves} but ${leafValues.length} leaf values`);
  if (Number(fields.get('num_cat') ?? 0) > 0) throw importError(options, `${name}: categorical splits are not supported`);
  if (Number(fields.get('is_linear') ?? 0) !== 0) throw importError(options, `${name}: linear trees are not supported`);
  const internal = leaves - 1;
  const columns = ['split_feature', 'threshold', 'decision_type', 'left_child', 'right_child'].map((key) => numbers(fields.get(key)));
  const [features, thresholds, decisionTypes, lefts, rights] = columns as [number[], number[], number[], number[], number[]];
  if (columns.some((column) => column.length !== internal)) throw importError(options, `${name}: ${leaves} leaves need ${internal} values in each split field`);
  const nodeId = (child: number): number => (child < 0 ? internal + ~child : child);
  const nodes: TreeNode[] = [];
  for (let i = 0; i < internal; i++) {
    const decision = decisionTypes[i]!;
    if (decision & 1) throw importError(options, `${name}: node ${i} is a categorical split`);
    nodes.push({
      kind: 'split',
      feature: featureIndex(features[i]!, options),
      // LightGBM compares float64 features with `x <= t`; for float32 inputs this float32 decides alike.
      threshold: float32AtOrBelow(thresholds[i]!),
      left: nodeId(lefts[i]!),
      right: nodeId(rights[i]!),
      missingGoesLeft: (decision & 2) !== 0,
    });
  }
  for (const value of leafValues) nodes.push({ kind: 'leaf', value: Math.fround(value) });
  return { nodes };
}

/** A LightGBM text model (`model.txt`: `Tree=0` blocks of `key=value` lines). LightGBM sends `x <= t` left. */
export function importLightgbmText(text: string, options: TreeImportOptions): TreeEnsemble {
  const blocks = text.split(/\r?\n(?=Tree=\d+)/).slice(1);
  if (blocks.length === 0) throw importError(options, 'no "Tree=" sections: not a LightGBM text model');
  if (/^num_class=(\d+)/m.test(text) && Number(/^num_class=(\d+)/m.exec(text)![1]) !== 1) throw importError(options, 'multiclass models are not supported');
  const trees = blocks.map((block) => {
    const body = block.split(/\r?\nend of trees/)[0]!;
    const fields = new Map<string, string>();
    for (const line of body.split(/\r?\n/)) {
      const at = line.indexOf('=');
      if (at > 0) fields.set(line.slice(0, at).trim(), line.slice(at + 1));
    }
    return lightgbmTree(fields, options, `Tree=${fields.get('Tree')}`);
  });
  return { kind: 'trees', featureCount: options.featureCount, splitRule: 'leq', baseScore: 0, trees };
}
