import { describe, expect, it, vi } from 'vitest';
import { contract } from '../../../core/api/contract';
import { dispatch } from '../../../core/api/dispatch';
import type { Handlers } from '../../../core/api/handlers';
import { AppError } from '../../../core/errors';

function fakeHandlers(): Handlers {
  const handlers = {} as Record<string, unknown>;
  for (const method of Object.keys(contract)) handlers[method] = vi.fn(async (args: unknown) => ({ echoed: method, args }));
  return handlers as unknown as Handlers;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('dispatch', () => {
  it('passes validated arguments, with defaults filled in, to the handler', async () => {
    const handlers = fakeHandlers();
    await dispatch(handlers, 'search', { dataset: 'pins', text: '  cat ' });
    expect(handlers.search).toHaveBeenCalledWith({ dataset: 'pins', text: 'cat', k: 50, variant: 'bm25', features: false });
  });

  it('rejects an unknown method by name and lists the known ones', async () => {
    const error = await failure(dispatch(fakeHandlers(), 'datasets.drop', {}));
    expect(error.code).toBe('UNKNOWN_METHOD');
    expect(error.message).toContain('"datasets.drop"');
    expect(error.message).toContain('datasets.list');
  });

  it('turns the zod message into an INVALID_ARGS error naming the field', async () => {
    const error = await failure(dispatch(fakeHandlers(), 'search', { dataset: 'pins', text: '   ' }));
    expect(error.code).toBe('INVALID_ARGS');
    expect(error.location.field).toBe('text');
    expect(error.message).toBe('search: text: query text must not be empty');
  });

  it('rejects wrong types and unexpected keys', async () => {
    expect((await failure(dispatch(fakeHandlers(), 'search', { dataset: 'pins', text: 'x', k: 'ten' }))).location.field).toBe('k');
    expect((await failure(dispatch(fakeHandlers(), 'search', { dataset: 'pins', text: 'x', limit: 3 }))).message).toMatch(/unrecognized key/i);
    expect((await failure(dispatch(fakeHandlers(), 'datasets.import', { format: 'xml', path: '/x', name: 'n' }))).location.field).toBe('format');
  });

  it('never calls a handler for invalid input', async () => {
    const handlers = fakeHandlers();
    await failure(dispatch(handlers, 'search', {}));
    expect(handlers.search).not.toHaveBeenCalled();
  });
});
