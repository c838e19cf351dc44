import type { Caller } from '../runtime/caller';
import { AppError } from '../runtime/errors';
import { contract, isMethodName, type MethodName, type ResultOf } from './contract';
import type { Handlers } from './handlers';

/**
 * Validates a call against the contract, checks that the caller may make it, and runs its handler with
 * the caller attached: the same path for every transport.
 */
export async function dispatch(handlers: Handlers, method: string, rawArgs: unknown, caller: Caller): Promise<ResultOf<MethodName>> {
  if (!isMethodName(method)) {
    throw new AppError('UNKNOWN_METHOD', `unknown API method "${method}"; known: ${Object.keys(contract).join(', ')}`);
  }
  const spec = contract[method];
  if (spec.access === 'lead' && caller.role !== 'lead') {
    throw new AppError('FORBIDDEN', `${method}: only a lead may do this; a rater's link can rate assigned items only`);
  }
  const parsed = spec.args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || undefined;
    throw new AppError('INVALID_ARGS', `${method}: ${field ? `${field}: ` : ''}${issue.message}`, { field });
  }
  const handler = handlers[method] as (args: unknown, caller: Caller) => Promise<ResultOf<MethodName>> | ResultOf<MethodName>;
  return handler(parsed.data, caller);
}
