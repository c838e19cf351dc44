export * from './agreement';
export * from './evaluate';
export * from './format';
export { formatFixed } from './format-number';
export * from './measure-names';
export * from './measures';
export * from './ranking';
export * from './statistics';
export * from './trec-files';
