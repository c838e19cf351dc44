/**
 * A ranking model as ONNX: trees as one `ai.onnx.ml` TreeEnsembleRegressor (SUM of the trees' leaves plus
 * the base score), a linear model as MatMul + Add. Input `features` float32 [batch, F], output `score`
 * float32 [batch, 1]: the names the `ltr` manifest defaults to.
 */
import { DataType, encodeModel, floatTensor } from '../models/onnx-graph';
import { modelFeatureCount, type RankingModel, type TreeEnsemble } from './ranking-model';

export const ONNX_INPUT = 'features';
export const ONNX_OUTPUT = 'score';

const SPLIT_MODES = { leq: 'BRANCH_LEQ', lt: 'BRANCH_LT' } as const;

function treeEnsembleAttributes(model: TreeEnsemble) {
  const nodes = { treeIds: [] as number[], nodeIds: [] as number[], featureIds: [] as number[], modes: [] as string[], values: [] as number[], trueIds: [] as number[], falseIds: [] as number[], missingTrue: [] as number[] };
  const targets = { treeIds: [] as number[], nodeIds: [] as number[], ids: [] as number[], weights: [] as number[] };
  model.trees.forEach((tree, treeId) => {
    tree.nodes.forEach((node, nodeId) => {
      nodes.treeIds.push(treeId);
      nodes.nodeIds.push(nodeId);
      if (node.kind === 'split') {
        nodes.featureIds.push(node.feature);
        nodes.modes.push(SPLIT_MODES[model.splitRule]);
        nodes.values.push(node.threshold);
        // The ONNX branch is "true" when the comparison holds, which is where our `left` goes.
        nodes.trueIds.push(node.left);
        nodes.falseIds.push(node.right);
        nodes.missingTrue.push(node.missingGoesLeft ? 1 : 0);
      } else {
        nodes.featureIds.push(0);
        nodes.modes.push('LEAF');
        nodes.values.push(0);
        nodes.trueIds.push(0);
        nodes.falseIds.push(0);
        nodes.missingTrue.push(0);
        targets.treeIds.push(treeId);
        targets.nodeIds.push(nodeId);
        targets.ids.push(0);
        targets.weights.push(node.value);
      }
    });
  });
  return {
    attributes: {
      n_targets: 1,
      aggregate_function: 'SUM',
      post_transform: 'NONE',
      nodes_treeids: nodes.treeIds,
      nodes_nodeids: nodes.nodeIds,
      nodes_featureids: nodes.featureIds,
      nodes_modes: nodes.modes,
      nodes_truenodeids: nodes.trueIds,
      nodes_falsenodeids: nodes.falseIds,
      nodes_missing_value_tracks_true: nodes.missingTrue,
      target_treeids: targets.treeIds,
      target_nodeids: targets.nodeIds,
      target_ids: targets.ids,
    },
    floatAttributes: { nodes_values: nodes.values, target_weights: targets.weights, base_values: [model.baseScore] },
  };
}

/** model.onnx bytes for a ranking model. An ensemble without trees still scores its base score. */
export function rankingModelOnnx(model: RankingModel, docString = ''): Uint8Array {
  const width = modelFeatureCount(model);
  const io = {
    inputs: [{ name: ONNX_INPUT, type: DataType.FLOAT, dims: ['batch', width] }],
    outputs: [{ name: ONNX_OUTPUT, type: DataType.FLOAT, dims: ['batch', 1] }],
    docString,
  };
  if (model.kind === 'linear') {
    return encodeModel({
      name: 'linear_ranker',
      ...io,
      initializers: [floatTensor('weights', [width, 1], model.weights), floatTensor('bias', [1], [model.bias])],
      nodes: [
        { op: 'MatMul', inputs: [ONNX_INPUT, 'weights'], outputs: ['weighted'] },
        { op: 'Add', inputs: ['weighted', 'bias'], outputs: [ONNX_OUTPUT] },
      ],
    });
  }
  const ensemble = model.trees.length > 0 ? model : { ...model, trees: [{ nodes: [{ kind: 'leaf' as const, value: 0 }] }] };
  return encodeModel({
    name: 'tree_ensemble_ranker',
    ...io,
    initializers: [],
    domainOpsets: { 'ai.onnx.ml': 3 },
    nodes: [{ op: 'TreeEnsembleRegressor', domain: 'ai.onnx.ml', inputs: [ONNX_INPUT], outputs: [ONNX_OUTPUT], ...treeEnsembleAttributes(ensemble) }],
  });
}
