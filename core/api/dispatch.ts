import { AppError } from '../errors';
import { contract, isMethodName, type MethodName, type ResultOf } from './contract';
import type { Handlers } from './handlers';

/** Validates a call against the contract and runs its handler; the same path for every transport. */
export async function dispatch(handlers: Handlers, method: string, rawArgs: unknown): Promise<ResultOf<MethodName>> {
  if (!isMethodName(method)) {
    throw new AppError('UNKNOWN_METHOD', `unknown API method "${method}"; known: ${Object.keys(contract).join(', ')}`);
  }
  const parsed = contract[method].args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || undefined;
    throw new AppError('INVALID_ARGS', `${method}: ${field ? `${field}: ` : ''}${issue.message}`, { field });
  }
  const handler = handlers[method] as (args: unknown) => Promise<ResultOf<MethodName>> | ResultOf<MethodName>;
  return handler(parsed.data);
}
