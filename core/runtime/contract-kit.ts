import type { z } from 'zod';
import type { Caller } from './caller';

/**
 * Who may call a method: `lead` (the default: the local user, the CLI, a lead's token) or `rater`
 * (also a rater's token; the service then checks what that rater may touch).
 */
export type MethodAccess = 'lead' | 'rater';

/** A method of the contract: zod schema for the arguments, access, and (types only) the result. */
export interface MethodSpec<Args extends z.ZodType = z.ZodType, Result = unknown> {
  args: Args;
  access: MethodAccess;
  /** Never read at run time; carries the result type. */
  result?: Result;
}

export type ContractSlice = Record<string, MethodSpec>;

/** `method<Result>()(argsSchema)`; pass `'rater'` for methods a rater's token may call. */
export const method =
  <Result>(access: MethodAccess = 'lead') =>
  <Args extends z.ZodType>(args: Args): MethodSpec<Args, Result> => ({ args, access });

type ResultOfSpec<S> = S extends MethodSpec<z.ZodType, infer R> ? R : never;

/** The handlers of a contract slice: validated arguments and the caller in, the result out. */
export type SliceHandlers<C extends ContractSlice> = {
  [M in keyof C]: (args: z.output<C[M]['args']>, caller: Caller) => Promise<ResultOfSpec<C[M]>> | ResultOfSpec<C[M]>;
};
