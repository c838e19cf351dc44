/** Model layer: installed ONNX models (registry), their tokenizers, sessions and inference. */
export {
  parseManifest,
  readManifest,
  ManifestError,
  type ModelManifest,
  type ModelKind,
  type BiEncoderManifest,
  type CrossEncoderManifest,
  type LtrManifest,
  type TokenizerSpec,
} from './manifest';
export {
  listModels,
  getModel,
  defaultBundledModelsDir,
  userModelsDir,
  ModelNotFoundError,
  type ModelFolders,
  type ModelListing,
} from './registry';
export {
  DEVICE_SETTINGS,
  ExecutionProviderError,
  gpuProvidersFor,
  type DeviceSetting,
  type ExecutionProvider,
  type ProviderLogger,
} from './execution-provider';
export {
  getSession,
  releaseSessions,
  checkModelSignature,
  ModelSignatureError,
  type InstalledModel,
  type ModelSession,
  type SessionOptions,
} from './sessions';
export {
  getTokenizer,
  encodeTextBatch,
  encodePairBatch,
  WordVocabTokenizer,
  HuggingFaceTokenizer,
  type TextTokenizer,
  type EncodedBatch,
} from './tokenizers';
export { encodeTexts, scorePairs, scoreFeatures, type RunOptions } from './encoders';
