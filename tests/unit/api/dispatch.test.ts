import { describe, expect, it, vi } from 'vitest';
import { contract } from '../../../core/api/contract';
import { dispatch } from '../../../core/api/dispatch';
import type { Handlers } from '../../../core/api/handlers';
import { localCaller, raterCaller } from '../../../core/runtime/caller';
import { AppError } from '../../../core/runtime/errors';

const LEAD = localCaller('in-process');
const RATER = raterCaller({ id: 7, name: 'ana', role: 'rater' });

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
    await dispatch(handlers, 'search', { dataset: 'pins', text: '  cat ' }, LEAD);
    expect(handlers.search).toHaveBeenCalledWith({ dataset: 'pins', text: 'cat', k: 50, variant: 'bm25', features: false }, LEAD);
  });

  it('refuses an analyzer language LanceDB does not know before it reaches the importer (it would abort the process)', async () => {
    const handlers = fakeHandlers();
    const importing = (language: string) =>
      dispatch(handlers, 'datasets.import', { format: 'beir', path: '/data/x', name: 'x', analyzer: { language } }, LEAD);
    for (const language of ['Klingon', 'english', 'English"x', '']) {
      const error = await failure(importing(language));
      expect(error.code).toBe('INVALID_ARGS');
      expect(error.location.field).toBe('analyzer.language');
    }
    expect(handlers['datasets.import']).not.toHaveBeenCalled();
    await importing('German');
    expect(handlers['datasets.import']).toHaveBeenCalledTimes(1);
  });

  it('rejects an unknown method by name and lists the known ones', async () => {
    const error = await failure(dispatch(fakeHandlers(), 'datasets.drop', {}, LEAD));
    expect(error.code).toBe('UNKNOWN_METHOD');
    expect(error.message).toContain('"datasets.drop"');
    expect(error.message).toContain('datasets.list');
  });

  it('turns the zod message into an INVALID_ARGS error naming the field', async () => {
    const error = await failure(dispatch(fakeHandlers(), 'search', { dataset: 'pins', text: '   ' }, LEAD));
    expect(error.code).toBe('INVALID_ARGS');
    expect(error.location.field).toBe('text');
    expect(error.message).toBe('search: text: query text must not be empty');
  });

  it('rejects wrong types and unexpected keys', async () => {
    expect((await failure(dispatch(fakeHandlers(), 'search', { dataset: 'pins', text: 'x', k: 'ten' }, LEAD))).location.field).toBe('k');
    expect((await failure(dispatch(fakeHandlers(), 'search', { dataset: 'pins', text: 'x', limit: 3 }, LEAD))).message).toMatch(/unrecognized key/i);
    expect((await failure(dispatch(fakeHandlers(), 'datasets.import', { format: 'xml', path: '/x', name: 'n' }, LEAD))).location.field).toBe('format');
  });

  it('never calls a handler for invalid input', async () => {
    const handlers = fakeHandlers();
    await failure(dispatch(handlers, 'search', {}, LEAD));
    expect(handlers.search).not.toHaveBeenCalled();
  });

  it('hands the caller to the handler, and refuses lead-only methods to a rater before validating', async () => {
    const handlers = fakeHandlers();
    await dispatch(handlers, 'datasets.list', {}, RATER);
    expect(handlers['datasets.list']).toHaveBeenCalledWith({}, RATER);
    const refused = await failure(dispatch(handlers, 'datasets.import', { format: 'beir', path: '/x', name: 'n' }, RATER));
    expect(refused.code).toBe('FORBIDDEN');
    expect(handlers['datasets.import']).not.toHaveBeenCalled();
  });

  it('declares who may call every method', () => {
    for (const [name, spec] of Object.entries(contract)) expect(['lead', 'rater'], name).toContain(spec.access);
  });
});
