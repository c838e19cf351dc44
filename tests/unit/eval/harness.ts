import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliCommand } from '../../../core/cli/command';
import { cliCaller } from '../../../core/runtime/caller';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const goldenDir = path.resolve(repoRoot, '../shared/datasets/cranfield/golden');

export interface CommandOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a CLI command with a context that captures its output. */
export async function runCommand(command: CliCommand, argv: string[]): Promise<CommandOutput> {
  let stdout = '';
  let stderr = '';
  const code = await command.run(argv, {
    dataDir: tmpdir(),
    caller: cliCaller(),
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

/** Writes fixture files into a fresh temp folder and returns their paths by name. */
export function writeFixtures(files: Record<string, string | Buffer>): Record<string, string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'relwb-eval-'));
  return Object.fromEntries(
    Object.entries(files).map(([name, content]) => {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      return [name, file];
    }),
  );
}

/** `measure qid value` lines of trec_eval output → Map keyed by `measure qid`. */
export function parseTrecEvalOutput(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [name, qid, value] = line.split('\t') as [string, string, string];
    values.set(`${name.trim()} ${qid}`, value);
  }
  return values;
}
