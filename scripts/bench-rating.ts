/**
 * `npm run bench:rating [-- --docs N --labels N --keep]`: label keystroke → next item painted, in the real
 * built UI. Generates a synthetic dataset (default 100,000 documents, every second one with a small
 * generated PNG), imports it into a fresh `relwb serve`, creates a query set and a pooled task through the
 * HTTP API, opens the rater's link in headless Chromium and presses grade keys one after another. The page
 * measures each keystroke's `event.timeStamp` to the first paint after the next item (and its image) is on
 * screen: a requestAnimationFrame, then a task after it, which runs once that frame has been painted.
 * Needs `npm run build` first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import type { ArgsOf, MethodName, ResultOf } from '../core/api/contract';
import { CHROMIUM_ARGS, findChromium } from '../tests/e2e/chromium';
import { startBuiltServer, type RunningServer } from '../tests/helpers/web-server';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '100000' },
    labels: { type: 'string', default: '240' },
    keep: { type: 'boolean', default: false },
  },
});
const DOCS = Number(values.docs);
const LABELS = Number(values.labels);
const DEPTH = 10;
const DISTINCT_IMAGES = 200;

const COLORS = ['red', 'blue', 'green', 'yellow', 'black', 'white', 'orange', 'purple', 'grey', 'pink'];
const THINGS = ['flower', 'house', 'dog', 'cat', 'tree', 'car', 'boat', 'chair', 'lamp', 'guitar', 'bird', 'cup', 'shoe', 'clock', 'kite', 'hat', 'bike', 'fish', 'star', 'leaf'];
const STYLES = ['vintage', 'modern', 'rustic', 'minimal', 'bright', 'dark', 'tiny', 'giant', 'wooden', 'paper'];
const BOARDS = ['Home', 'Garden', 'Travel', 'Animals', 'Design', 'Music', 'Sports', 'Food'];

/** A deterministic stream of numbers, so every run builds the same dataset. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
/** A small RGB PNG: a colour gradient with a disc, different for every seed. */
function generatePng(seed: number, width = 240, height = 320): Buffer {
  const random = rng(seed);
  const [r0, g0, b0, r1, g1, b1] = Array.from({ length: 6 }, () => Math.floor(random() * 256));
  const [cx, cy, radius] = [width * (0.3 + random() * 0.4), height * (0.3 + random() * 0.4), 30 + random() * 60];
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0;
    for (let x = 0; x < width; x++) {
      const t = y / height;
      const inDisc = (x - cx) ** 2 + (y - cy) ** 2 < radius ** 2;
      const at = y * (width * 3 + 1) + 1 + x * 3;
      raw[at] = inDisc ? 255 - r0! : r0! + (r1! - r0!) * t;
      raw[at + 1] = inDisc ? 255 - g0! : g0! + (g1! - g0!) * t;
      raw[at + 2] = inDisc ? 255 - b0! : b0! + (b1! - b0!) * t;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', header), pngChunk('IDAT', zlib.deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}

/** `docs.jsonl` with `count` pin-like documents (every second one with an image) and the images. */
function writeDataset(dir: string, count: number): string {
  const random = rng(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  fs.mkdirSync(path.join(dir, 'images'), { recursive: true });
  for (let i = 0; i < DISTINCT_IMAGES; i++) fs.writeFileSync(path.join(dir, 'images', `p${i}.png`), generatePng(i));
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const [style, color, thing] = [pick(STYLES), pick(COLORS), pick(THINGS)];
    lines.push(
      JSON.stringify({
        id: `d${i}`,
        title: `${style} ${color} ${thing} ${i}`,
        text: `A ${style} ${thing} in ${color}, pinned to ${pick(BOARDS).toLowerCase()} ideas; with a ${pick(COLORS)} ${pick(THINGS)} nearby.`,
        tags: [thing, color, style],
        board: pick(BOARDS),
        ...(i % 2 === 0 ? { image: `images/p${i % DISTINCT_IMAGES}.png` } : {}),
      }),
    );
  }
  const file = path.join(dir, 'docs.jsonl');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low]! + (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!) * (at - low);
}

/**
 * Runs in the page: records keydown → next item (with its image) painted, for grade keys. A string, not a
 * function, because tsx would wrap a function's inner functions in helpers that the page does not have
 * (an init script is not subject to the page's CSP, which forbids eval).
 */
const PAINT_PROBE = `(() => {
  const probe = { samples: [], commits: [], imageWaits: 0, withImage: 0, pending: null };
  window.__probe = probe;
  const shown = () => document.querySelector('[data-testid="rating-item"]')?.dataset.pairIndex;
  const finish = (start, image) => requestAnimationFrame(() => setTimeout(() => {
    probe.samples.push(performance.now() - start);
    if (image) probe.withImage++;
  }, 0));
  addEventListener('keydown', (event) => {
    if (/^[1-5]$/.test(event.key)) probe.pending = { start: event.timeStamp, from: shown() };
  }, true);
  new MutationObserver(() => {
    const pending = probe.pending;
    if (!pending || shown() === pending.from) return;
    const item = document.querySelector('[data-testid="rating-item"], [data-testid="rate-done"]');
    if (!item) return; // "Loading item…": not there yet
    probe.pending = null;
    probe.commits.push(performance.now() - pending.start);
    const image = item.querySelector('.rate-image img');
    if (image && !image.complete) {
      probe.imageWaits++;
      image.addEventListener('load', () => finish(pending.start, image), { once: true });
    }
    else finish(pending.start, image);
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-pair-index'] });
})();`;

interface Probe {
  samples: number[];
  /** Keystroke → the next item in the DOM (React committed). */
  commits: number[];
  /** Next items whose image was not loaded yet when they were committed. */
  imageWaits: number;
  withImage: number;
}
type ProbeWindow = Window & { __probe: Probe };

async function main() {
  const chromiumPath = findChromium();
  if (!chromiumPath) throw new Error('no Chromium: set CHROMIUM_PATH or install chromium');
  if (!fs.existsSync('out/main/relwb.js')) throw new Error('run `npm run build` first');
  const assets = path.join('out', 'renderer', 'assets');
  if (fs.readdirSync(assets).some((name) => name.endsWith('.js') && fs.readFileSync(path.join(assets, name), 'utf8').includes('jsxDEV'))) {
    // A build made under NODE_ENV=test (the e2e setup's) bundles React's slower development build.
    throw new Error('out/renderer holds a development build of React: run `npm run build` (without NODE_ENV set) first');
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-bench-rating-'));
  let server: RunningServer | null = null;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  try {
    const load = () => os.loadavg().map((value) => value.toFixed(1)).join(' ');
    console.log(`machine: ${os.cpus().length} CPUs, load average ${load()} (1, 5, 15 min)`);
    let started = performance.now();
    const file = writeDataset(root, DOCS);
    console.log(`dataset: ${DOCS.toLocaleString('en')} documents (${Math.ceil(DOCS / 2).toLocaleString('en')} with one of ${DISTINCT_IMAGES} generated PNGs), written in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    server = await startBuiltServer(['--no-demo']);
    const running = server;
    const api = async <M extends MethodName>(method: M, args: ArgsOf<M>, token = running.key): Promise<ResultOf<M>> => {
      const response = await fetch(`${running.url}api/${method}`, { method: 'POST', headers: { ...running.headers, authorization: `Bearer ${token}` }, body: JSON.stringify(args) });
      const body = (await response.json()) as { result?: ResultOf<M>; error?: { message: string } };
      if (body.error) throw new Error(`${method}: ${body.error.message}`);
      return body.result!;
    };

    started = performance.now();
    const { job } = await api('datasets.import', {
      format: 'jsonl',
      path: file,
      name: 'bench',
      mapping: { id: 'id', title: 'title', text: 'text', tags: 'tags', board: 'board', image: 'image' },
      // Embedding 100k documents on a small CPU takes long and the rating screen does not use vectors.
      denseModels: [],
    });
    for (;;) {
      const snapshot = (await api('jobs.list', {})).find((candidate) => candidate.id === job.id)!;
      if (snapshot.state === 'failed') throw new Error(`import failed: ${snapshot.error?.message}`);
      if (snapshot.state === 'done') break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    console.log(`import: ${((performance.now() - started) / 1000).toFixed(1)} s (bm25 index only, no dense vectors)`);

    const queries = Math.ceil((LABELS + 20) / DEPTH);
    const random = rng(7);
    const lines = Array.from({ length: queries }, (_, i) => `q${i}\t${COLORS[Math.floor(random() * COLORS.length)]} ${THINGS[i % THINGS.length]}`);
    started = performance.now();
    const querySet = await api('querySets.create', { dataset: 'bench', name: 'bench', source: { kind: 'list', lines } });
    const task = await api('tasks.create', { name: 'bench', dataset: 'bench', querySet: querySet.id, variants: ['bm25'], depth: DEPTH, seed: 1 });
    console.log(`task: ${task.pairCount} pooled pairs from ${queries} queries (bm25, depth ${DEPTH}), created in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const rater = await api('raters.create', { name: 'bench rater' });

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ content: PAINT_PROBE });
    const page = await context.newPage();
    await page.goto(`${server.url}?session=${rater.token}#/rate?task=${task.id}`);
    await page.waitForSelector('[data-testid="rating-item"]');
    const count = Math.min(LABELS, task.pairCount - 1);
    const grades = rng(3);
    for (let i = 0; i < count; i++) {
      await page.waitForFunction((n) => (window as unknown as ProbeWindow).__probe.samples.length === n, i);
      await page.keyboard.press(String(1 + Math.floor(grades() * 5)));
    }
    await page.waitForFunction((n) => (window as unknown as ProbeWindow).__probe.samples.length === n, count);
    const probe = await page.evaluate(() => (window as unknown as ProbeWindow).__probe);
    await page.waitForFunction(() => document.querySelector('[data-testid="rate-progress"]')?.getAttribute('data-pending') === '0');
    const stored = (await api('tasks.queue', { task: task.id }, rater.token)).entries.filter((entry) => entry.grade !== null).length;

    const sorted = [...probe.samples].sort((a, b) => a - b);
    console.log(`\nlabel keystroke → next item painted, ${sorted.length} labels (${probe.withImage} next items with an image), ${DOCS.toLocaleString('en')}-document dataset:`);
    console.log(`  median ${quantile(sorted, 0.5).toFixed(1)} ms · p95 ${quantile(sorted, 0.95).toFixed(1)} ms · max ${sorted.at(-1)!.toFixed(1)} ms`);
    const commits = [...probe.commits].sort((a, b) => a - b);
    console.log(`  (keystroke → next item in the DOM: median ${quantile(commits, 0.5).toFixed(1)} ms, p95 ${quantile(commits, 0.95).toFixed(1)} ms; ${probe.imageWaits} images not loaded yet at that point)`);
    console.log(`  labels stored by the server: ${stored} of ${count}; load average now ${load()}`);
    if (stored !== count) process.exitCode = 1;
  } finally {
    await browser.close();
    await server?.stop();
    if (!values.keep) fs.rmSync(root, { recursive: true, force: true });
    else console.log(`kept ${root}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
