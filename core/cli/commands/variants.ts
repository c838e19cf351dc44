import fs from 'node:fs';
import { AppError } from '../../runtime/errors';
import { UsageError, type CliCommand } from '../command';
import { parseCommandArgs } from '../options';
import { withWorkbench } from '../with-workbench';
import { formatTable } from './datasets';

export const variantsListCommand: CliCommand = {
  path: ['variants', 'list'],
  summary: 'List ranker variants (built-in and saved)',
  help: 'usage: relwb variants list [--json]',
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } }, 'relwb variants list [--json]');
    const variants = await withWorkbench(ctx, async (workbench) => workbench.variants.list());
    if (values.json) ctx.stdout(`${JSON.stringify(variants, null, 2)}\n`);
    else ctx.stdout(formatTable([['name', 'kind', 'description'], ...variants.map((v) => [v.name, v.builtIn ? 'built-in' : 'saved', v.description])]));
    return 0;
  },
};

export const variantsShowCommand: CliCommand = {
  path: ['variants', 'show'],
  summary: "Print a variant's JSON spec",
  help: 'usage: relwb variants show NAME\n\nPrints the spec with every default filled in (docs/ranking.md documents the fields).',
  async run(argv, ctx) {
    const { positionals } = parseCommandArgs(argv, {}, 'relwb variants show NAME');
    if (positionals.length !== 1) throw new UsageError('usage: relwb variants show NAME');
    const spec = await withWorkbench(ctx, async (workbench) => workbench.variants.get(positionals[0]));
    ctx.stdout(`${JSON.stringify(spec, null, 2)}\n`);
    return 0;
  },
};

const createUsage = 'relwb variants create FILE.json   (or - for standard input)';

export const variantsCreateCommand: CliCommand = {
  path: ['variants', 'create'],
  summary: 'Save a variant from a JSON spec (replaces a saved one of the same name)',
  help: `usage: ${createUsage}\n\nValidates the spec (docs/ranking.md) and saves it; errors name the JSON path of the problem.`,
  async run(argv, ctx) {
    const { positionals } = parseCommandArgs(argv, {}, createUsage);
    if (positionals.length !== 1) throw new UsageError(`usage: ${createUsage}`);
    const file = positionals[0];
    const text = file === '-' ? fs.readFileSync(0, 'utf8') : readFileOrFail(file);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new AppError('INVALID_ARGS', `not valid JSON: ${(error as Error).message}`, { file });
    }
    const saved = await withWorkbench(ctx, async (workbench) => workbench.variants.save(json));
    ctx.stdout(`saved variant ${saved.name}\n`);
    return 0;
  },
};

export const variantsDeleteCommand: CliCommand = {
  path: ['variants', 'delete'],
  summary: 'Delete a saved variant',
  help: 'usage: relwb variants delete NAME',
  async run(argv, ctx) {
    const { positionals } = parseCommandArgs(argv, {}, 'relwb variants delete NAME');
    if (positionals.length !== 1) throw new UsageError('usage: relwb variants delete NAME');
    await withWorkbench(ctx, async (workbench) => workbench.variants.remove(positionals[0]));
    ctx.stdout(`deleted variant ${positionals[0]}\n`);
    return 0;
  },
};

function readFileOrFail(file: string): string {
  if (!fs.existsSync(file)) throw new AppError('IMPORT_MISSING_FILE', 'no such file', { file });
  return fs.readFileSync(file, 'utf8');
}
