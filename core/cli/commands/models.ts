import { type CliCommand } from '../command';
import { parseCommandArgs } from '../options';
import { withWorkbench } from '../with-workbench';
import { formatTable } from './datasets';

const usage = 'relwb models list [--json]';

export const modelsListCommand: CliCommand = {
  path: ['models', 'list'],
  summary: 'List installed models and the device they run on',
  help:
    `usage: ${usage}\n\nLists the bundled models and those in <data dir>/models (drop a model folder there to add one),\n` +
    'each checked against its manifest, and the execution provider in use (global --device picks it).',
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } }, usage);
    const { models, inference } = await withWorkbench(ctx, async (workbench) => ({
      models: await workbench.system.listModels(),
      inference: await workbench.system.inferenceStatus().catch((error: Error) => ({ device: ctx.device ?? 'auto', provider: 'unavailable', fallbackReason: error.message })),
    }));
    if (values.json) {
      ctx.stdout(`${JSON.stringify({ inference, models }, null, 2)}\n`);
      return 0;
    }
    ctx.stdout(
      formatTable([
        ['id', 'kind', 'source', 'status', 'dims', 'details'],
        ...models.map((m) => [m.id, m.kind ?? '-', m.source, m.status, m.dimensions === null ? '-' : String(m.dimensions), m.error ?? m.name ?? '']),
      ]),
    );
    const reason = inference.fallbackReason ? ` (${inference.fallbackReason})` : '';
    ctx.stdout(`device: ${inference.device} → execution provider: ${inference.provider}${reason}\n`);
    return 0;
  },
};
