import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliCaller } from '../../core/runtime/caller';
import { beirDoc, writeBeirFolder } from '../helpers/beir-fixture';
import { startSourceServer } from '../helpers/web-server';
import { withWorkbench } from '../helpers/workbench';

const TOPICS = 100;
const DEPTH = 10;

/** 400 documents naming 3 of 100 topics each: every topic is in 12 documents, so each query pools DEPTH. */
function topicCorpus(): string[] {
  return Array.from({ length: 4 * TOPICS }, (_, i) => {
    const topics = [0, 33, 67].map((offset) => (i + offset) % TOPICS).map((topic) => `topic${topic}`);
    return beirDoc(`d${i}`, `item ${i}`, topics.join(' '));
  });
}

interface Prepared {
  dataDir: string;
  task: number;
  pairCount: number;
  tokens: string[];
}

/** A dataset, its query set, `raters` raters and one task with overlap `overlap`, made in-process before the server starts. */
async function prepare(raters: number, overlap: number): Promise<Prepared> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-rating-reliability-'));
  const folder = writeBeirFolder(path.join(dataDir, 'beir'), {
    corpus: topicCorpus(),
    queries: Array.from({ length: TOPICS }, (_, t) => JSON.stringify({ _id: `q${t}`, text: `topic${t}` })),
    qrels: null,
  });
  return withWorkbench(dataDir, async (workbench) => {
    const local = cliCaller();
    await workbench.datasets.startImport({ format: 'beir', path: folder, name: 'topics', denseModels: [] }).finished;
    const set = await workbench.querySets.create({ dataset: 'topics', name: 'all', source: { kind: 'dataset' } }, local);
    const tokens: string[] = [];
    for (let r = 0; r < raters; r++) tokens.push(workbench.raters.create({ name: `rater-${r}`, role: 'rater' }, local).token);
    const task = await workbench.tasks.create(
      {
        name: 'reliability',
        dataset: 'topics',
        querySet: set.id,
        variants: ['bm25'],
        depth: DEPTH,
        scale: 'five-level',
        overlap,
        guidelines: '',
        blind: true,
        reuse: true,
        consensus: 'median',
        raters: [],
        gold: [],
        seed: 7,
      },
      local,
    );
    return { dataDir, task: task.id, pairCount: task.pairCount, tokens };
  });
}

type Envelope<T> = { result: T } | { error: { code: string; message: string } };

async function call<T>(url: string, token: string, method: string, args: unknown): Promise<T> {
  const response = await fetch(`${url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(args),
  });
  const envelope = (await response.json()) as Envelope<T>;
  if ('error' in envelope) throw new Error(`${method}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.result;
}

const gradeFor = (rater: number, pairIndex: number) => ((rater + pairIndex) % 5) + 1;

/** The stored labels of the task, read by a fresh workbench on the data folder (after the server is gone). */
function storedLabels(dataDir: string, task: number) {
  return withWorkbench(dataDir, async (workbench) => {
    const raters = new Map(workbench.ctx.store.raters.list().map((rater) => [rater.id, rater.name]));
    return workbench.ctx.store.judgments.forTask(task).map((judgment) => ({ rater: raters.get(judgment.raterId)!, pairIndex: judgment.pairIndex, grade: judgment.grade }));
  });
}

describe('rating over HTTP', () => {
  const cleanUp: string[] = [];
  afterEach(() => {
    for (const dir of cleanUp.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes 1,000 labels from each of 20 concurrent raters: none lost, none duplicated', { timeout: 600_000 }, async () => {
    const prepared = await prepare(20, 20);
    cleanUp.push(prepared.dataDir);
    expect(prepared.pairCount).toBe(TOPICS * DEPTH);
    const server = await startSourceServer(prepared.dataDir);
    let acknowledged = 0;
    try {
      await Promise.all(
        prepared.tokens.map(async (token, rater) => {
          const queue = await call<{ entries: { pairIndex: number }[] }>(server.url, token, 'tasks.queue', { task: prepared.task });
          expect(queue.entries).toHaveLength(prepared.pairCount);
          for (const { pairIndex } of queue.entries) {
            const saved = await call<{ grade: number }>(server.url, token, 'tasks.label', { task: prepared.task, pairIndex, grade: gradeFor(rater, pairIndex) });
            expect(saved.grade).toBe(gradeFor(rater, pairIndex));
            acknowledged++;
          }
        }),
      );
    } finally {
      await server.stop();
    }
    expect(acknowledged).toBe(20 * 1000);
    const labels = await storedLabels(prepared.dataDir, prepared.task);
    expect(labels).toHaveLength(20 * 1000);
    expect(new Set(labels.map((label) => `${label.rater}/${label.pairIndex}`)).size).toBe(20 * 1000);
    const wrong = labels.filter((label) => label.grade !== gradeFor(Number(label.rater.slice('rater-'.length)), label.pairIndex));
    expect(wrong).toEqual([]);
  });

  it('keeps every acknowledged label when the server is killed (SIGKILL) in the middle of labelling', { timeout: 300_000 }, async () => {
    const prepared = await prepare(3, 3);
    cleanUp.push(prepared.dataDir);
    const server = await startSourceServer(prepared.dataDir);
    const acknowledged: { rater: string; pairIndex: number; grade: number }[] = [];
    let failed = 0;
    const labelling = prepared.tokens.map(async (token, rater) => {
      const queue = await call<{ entries: { pairIndex: number }[] }>(server.url, token, 'tasks.queue', { task: prepared.task });
      for (const { pairIndex } of queue.entries) {
        try {
          await call(server.url, token, 'tasks.label', { task: prepared.task, pairIndex, grade: gradeFor(rater, pairIndex) });
        } catch {
          failed++;
          return;
        }
        acknowledged.push({ rater: `rater-${rater}`, pairIndex, grade: gradeFor(rater, pairIndex) });
        if (acknowledged.length === 300) process.kill(server.pid, 'SIGKILL');
      }
    });
    await Promise.all(labelling);
    await server.stop();
    // The kill landed mid-session: labelling stopped short of the whole pool for every rater.
    expect(failed).toBe(prepared.tokens.length);
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    expect(acknowledged.length).toBeLessThan(3 * prepared.pairCount);

    const stored = new Map((await storedLabels(prepared.dataDir, prepared.task)).map((label) => [`${label.rater}/${label.pairIndex}`, label.grade]));
    const missing = acknowledged.filter((label) => stored.get(`${label.rater}/${label.pairIndex}`) !== label.grade);
    expect(missing).toEqual([]);

    // A restarted server answers from the same labels: each rater resumes after what they saved.
    const again = await startSourceServer(prepared.dataDir);
    try {
      const queue = await call<{ entries: { pairIndex: number; grade: number | null }[] }>(again.url, prepared.tokens[0]!, 'tasks.queue', { task: prepared.task });
      const savedByRater0 = acknowledged.filter((label) => label.rater === 'rater-0').map((label) => label.pairIndex);
      for (const pairIndex of savedByRater0) expect(queue.entries.find((entry) => entry.pairIndex === pairIndex)?.grade).toBe(gradeFor(0, pairIndex));
    } finally {
      await again.stop();
    }
  });
});
