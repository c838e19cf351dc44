import type { ImportRequest } from '../datasets/import-dataset';
import type { Workbench } from '../workbench';
import type { MethodName, ParsedArgsOf, ResultOf } from './contract';

export type Handlers = { [M in MethodName]: (args: ParsedArgsOf<M>) => Promise<ResultOf<M>> | ResultOf<M> };

/** One-line adapters from the contract to the core services. */
export function createHandlers(workbench: Workbench): Handlers {
  return {
    'app.status': () => workbench.status(),
    'datasets.list': () => workbench.listDatasets(),
    'datasets.import': (args) => ({ job: workbench.startImport({ ...args, mapping: args.mapping as ImportRequest['mapping'] }).job }),
    'datasets.add': (args) => ({ job: workbench.startAppend({ ...args, mapping: args.mapping as ImportRequest['mapping'] }).job }),
    'datasets.index': ({ name }) => ({ job: workbench.startReindex(name).job }),
    'datasets.browse': (args) => workbench.browse(args),
    search: (args) => workbench.search(args),
    'jobs.list': () => workbench.jobs.list(),
    'variants.list': () => workbench.variants.list(),
    'variants.get': ({ name }) => workbench.variants.get(name),
    'variants.save': ({ spec }) => workbench.variants.save(spec),
    'variants.delete': ({ name }) => {
      workbench.variants.remove(name);
      return { deleted: name };
    },
    'models.list': () => workbench.listModels(),
    'models.status': () => workbench.inferenceStatus(),
  };
}
