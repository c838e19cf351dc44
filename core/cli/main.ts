import { cliCaller } from '../runtime/caller';
import { DEVICE_SETTINGS, parseGlobalOptions } from '../runtime/config';
import { AppError } from '../runtime/errors';
import { defaultDataDir } from '../runtime/paths';
import { appVersion } from '../runtime/version';
import { UsageError, type CliCommand, type CliContext } from './command';
import { compareCommand } from './commands/compare';
import { comparisonsListCommand, comparisonsResultsCommand } from './commands/comparisons';
import { datasetsAddCommand, datasetsDeleteCommand, datasetsImportCommand, datasetsListCommand, importCommand, indexCommand } from './commands/datasets';
import { evalCommand } from './commands/eval';
import { exportCommand } from './commands/export';
import { judgmentsImportCommand } from './commands/judgments';
import { modelsListCommand } from './commands/models';
import { reportCommand } from './commands/report';
import { runCommand } from './commands/run';
import { searchCommand } from './commands/search';
import { serveCommand } from './commands/serve';
import { modelsImportCommand, trainCommand } from './commands/train';
import { variantsCreateCommand, variantsDeleteCommand, variantsListCommand, variantsShowCommand } from './commands/variants';

export const commands: readonly CliCommand[] = [
  serveCommand,
  importCommand,
  datasetsListCommand,
  datasetsImportCommand,
  datasetsAddCommand,
  datasetsDeleteCommand,
  indexCommand,
  searchCommand,
  runCommand,
  evalCommand,
  compareCommand,
  reportCommand,
  judgmentsImportCommand,
  exportCommand,
  modelsListCommand,
  comparisonsListCommand,
  comparisonsResultsCommand,
  modelsImportCommand,
  trainCommand,
  variantsListCommand,
  variantsShowCommand,
  variantsCreateCommand,
  variantsDeleteCommand,
];

function globalHelp(): string {
  const width = Math.max(...commands.map((command) => command.path.join(' ').length));
  return [
    'usage: relwb [--data-dir DIR] [--device D] <command> [options]',
    '',
    'commands:',
    ...commands.map((command) => `  ${command.path.join(' ').padEnd(width)}  ${command.summary}`),
    '',
    'global options:',
    `  --data-dir DIR  where datasets and the database live (default: ${defaultDataDir()})`,
    `  --device D      where models run: ${DEVICE_SETTINGS.join(', ')} (default auto: GPU if available, else CPU)`,
    '  --version       print the version',
    '  -h, --help      this help; `relwb <command> --help` for a command',
  ].join('\n');
}

function findCommand(words: string[]): CliCommand | undefined {
  return [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .find((command) => command.path.every((word, index) => words[index] === word));
}

export async function runCli(argv: string[], io: Pick<CliContext, 'stdout' | 'stderr'>): Promise<number> {
  try {
    const { dataDir, device, rest } = parseGlobalOptions(argv);
    if (rest.length === 0 || rest[0] === '--help' || rest[0] === '-h' || rest[0] === 'help') {
      io.stdout(`${globalHelp()}\n`);
      return rest.length === 0 ? 2 : 0;
    }
    if (rest[0] === '--version') {
      io.stdout(`${appVersion()}\n`);
      return 0;
    }
    const command = findCommand(rest);
    if (!command) {
      const group = commands.filter((candidate) => candidate.path[0] === rest[0]);
      const hint = group.length > 0 ? `: ${rest[0]} takes ${group.map((c) => c.path.slice(1).join(' ')).join(' | ')}` : '';
      throw new UsageError(`unknown command "${rest.filter((word) => !word.startsWith('-')).slice(0, 2).join(' ')}"${hint}\n\n${globalHelp()}`);
    }
    const commandArgs = rest.slice(command.path.length);
    if (commandArgs.includes('--help') || commandArgs.includes('-h')) {
      io.stdout(`${command.help}\n`);
      return 0;
    }
    return await command.run(commandArgs, { ...io, device, dataDir, caller: cliCaller() });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`relwb: ${error.message}\n`);
      return 2;
    }
    if (error instanceof AppError) {
      io.stderr(`relwb: ${error.message}\n`);
      return error.code === 'INTERNAL' ? 1 : 2;
    }
    io.stderr(`relwb: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then((code) => {
    process.exitCode = code;
  });
}
