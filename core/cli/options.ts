import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict parseArgs: unknown flags and missing values become a UsageError naming the flag. */
type CommandArgsConfig<T extends Options> = { args: string[]; options: T & { help: { type: 'boolean'; short: 'h' } }; allowPositionals: true; strict: true };

export function parseCommandArgs<T extends Options>(argv: string[], options: T, usage: string): ReturnType<typeof parseArgs<CommandArgsConfig<T>>> {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '')}\nusage: ${usage}`);
  }
}

export function parsePositiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError(`${flag} must be a positive integer, got "${value}"`);
  return parsed;
}
