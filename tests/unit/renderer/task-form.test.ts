import { describe, expect, it } from 'vitest';
import { locateProblem, parseGoldLines, problemAt, scaleIdFrom } from '../../../renderer/pages/tasks/task-form';

describe('new-task form problems', () => {
  it('puts a custom scale\'s parseScale error under scale., and cuts the field from the message', () => {
    const problem = locateProblem({ code: 'INVALID_ARGS', message: 'levels.1.key: is reserved (U S N G ? ← → are used by the rating screen)', field: 'levels.1.key' }, true);
    expect(problem).toEqual({ field: 'scale.levels.1.key', message: 'is reserved (U S N G ? ← → are used by the rating screen)' });
    expect(problemAt(problem, 'scale.levels.1', true)).toBe(problem.message);
    expect(problemAt(problem, 'scale.levels.0', true)).toBeNull();
    expect(problemAt(problem, 'scale')).toBeNull();
  });

  it('tells the scale\'s name from the task\'s name', () => {
    expect(locateProblem({ code: 'INVALID_ARGS', message: 'name: must not be empty', field: 'name' }, true).field).toBe('scale.name');
    expect(locateProblem({ code: 'INVALID_ARGS', message: 'tasks.create: name: Too small: expected string to have >=1 characters', field: 'name' }, true)).toEqual({
      field: 'name',
      message: 'Too small: expected string to have >=1 characters',
    });
    expect(locateProblem({ code: 'ALREADY_EXISTS', message: 'there is already a rating task named "x"', field: 'name' }, true).field).toBe('name');
    // With a built-in scale no error is the scale's own.
    expect(locateProblem({ code: 'INVALID_ARGS', message: 'name: must not be empty', field: 'name' }, false).field).toBe('name');
  });

  it('keeps the entry\'s path inside list fields, maps a service\'s singular field, and leaves unknown fields to the submit button', () => {
    expect(locateProblem({ code: 'INVALID_ARGS', message: 'tasks.create: gold.2.grade: Invalid input', field: 'gold.2.grade' }, false)).toEqual({
      field: 'gold.2.grade',
      message: 'gold.2.grade: Invalid input',
    });
    expect(locateProblem({ code: 'NOT_FOUND', message: 'no variant named "nope"', field: 'variant' }, false).field).toBe('variants');
    expect(locateProblem({ code: 'NOT_FOUND', message: 'no rater with id 9', field: 'rater' }, false)).toEqual({ field: null, message: 'no rater with id 9' });
    expect(locateProblem({ code: 'INTERNAL', message: 'disk full' }, false)).toEqual({ field: null, message: 'disk full' });
  });
});

describe('gold lines', () => {
  it('reads queryId, docId and grade per line, skipping blank lines', () => {
    expect(parseGoldLines('q1\td7\t3\n\n q2 \t d9 \t0\n')).toEqual({ items: [{ queryId: 'q1', docId: 'd7', grade: 3 }, { queryId: 'q2', docId: 'd9', grade: 0 }] });
    expect(parseGoldLines('')).toEqual({ items: [] });
  });

  it('names the bad line', () => {
    expect(parseGoldLines('q1\td7\t3\nq2 d9 1')).toEqual({ error: 'line 2: expected queryId<TAB>docId<TAB>grade' });
    expect(parseGoldLines('q1\td7\thigh')).toEqual({ error: 'line 1: grade "high" is not a whole number' });
  });
});

describe('scale id from name', () => {
  it('lowercases and hyphenates', () => {
    expect(scaleIdFrom('Aero Three-level (v2)')).toBe('aero-three-level-v2');
  });
});
