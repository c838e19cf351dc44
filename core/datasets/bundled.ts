import path from 'node:path';
import { bundledDatasetsDir } from '../runtime/paths';
import type { ImportRequest } from './import-dataset';

/** Demo datasets shipped in `datasets/`, imported on first start so a new user has something to search. */
export function bundledDatasets(root = bundledDatasetsDir()): ImportRequest[] {
  return [
    { name: 'pins', format: 'pins', path: path.join(root, 'pins') },
    { name: 'cranfield', format: 'beir', path: path.join(root, 'cranfield') },
  ];
}
