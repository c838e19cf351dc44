/**
 * Builds the bundled "Pins demo" dataset from the Debian package `openclipart-svg`.
 *
 *   npx tsx datasets/pins/build-pins.ts [--source /usr/share/openclipart/svg] [--out datasets/pins]
 *
 * The output (pins.jsonl, images/, SOURCE.md) is committed, so running the app never needs Debian.
 * Selection is deterministic: the same source gives byte-identical output.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidSvgError, sanitizeSvg } from '../../core/media/sanitize-svg';
import { readSvgMetadata, type SvgMetadata } from '../../core/media/svg-metadata';

const DEFAULT_SOURCE = '/usr/share/openclipart/svg';
const DEFAULT_OUT = 'datasets/pins';
const SEED = 'relevance-workbench pins demo v1';
const MAX_PINS = 1500;
const MAX_BOARD_SHARE = 0.15;
const MAX_TOTAL_BYTES = 15_000_000;
/** Bigger drawings are mostly detailed maps and photo traces: slow to render in a grid and they eat the budget. */
const MAX_IMAGE_BYTES = 24 * 1024;
/** A title given to this many different drawings names a collection, not the drawing. */
const COLLECTION_TITLE_MIN_USES = 4;
const MAX_TAGS = 15;
const MAX_TITLE_CHARS = 100;
const MAX_DESCRIPTION_CHARS = 600;
const LICENSE = 'public domain (Open Clip Art Library)';
const PACKAGE = 'openclipart-svg';

interface PinRecord {
  id: string;
  title: string;
  description: string;
  tags: string[];
  board: string;
  subcategory?: string;
  image: string;
  width?: number;
  height?: number;
  source: string;
  license: string;
}

interface Candidate {
  source: string;
  contentHash: string;
  boardFolder: string;
  subfolders: string[];
  metadata: SvgMetadata;
  sanitizedBytes: number;
}

interface TitledCandidate extends Candidate {
  title: string;
  /** False when the metadata title was a placeholder and the title comes from the file name. */
  titleFromMetadata: boolean;
}

const SKIP_REASONS = [
  'duplicate content',
  'invalid SVG',
  'draws nothing',
  'placeholder title',
  'too large after sanitizing',
] as const;
type SkipReason = (typeof SKIP_REASONS)[number];

const PLACEHOLDER_TITLE = /^(?:untitled|title|image|picture|drawing|svg|icon|clip ?art|layer ?\d*|new document ?\d*|\W*)$/i;
const COLLECTION_TITLE = /\b(?:collection|theme|icon ?set|iconset|cliparts|submission|sibmission|gramastar)\b/i;
/** Open Clip Art's packaging prefixed titles with the author: "Clipart by Jane Doe - lighthouse". */
const AUTHOR_PREFIX = /^clipart by .+? - /i;
const STOP_TAGS = new Set([
  'hash', 'unsorted', 'clip art', 'clipart', 'clip-art', 'svg', 'openclipart', 'open clip art',
  'open clip art library', 'image', 'images', 'media', 'graphic', 'graphics', 'inkscape', 'public domain',
]);
/** Elements that hold drawing only for reference; what's inside them is not painted where it stands. */
const REFERENCED_ONLY = /<(defs|symbol|clipPath|mask|pattern|marker|filter|linearGradient|radialGradient)\b[^>]*>[\s\S]*?<\/\1>/g;
const PAINTED_ELEMENT = /<(?:path|rect|circle|ellipse|line|polyline|polygon|text|use)\b|<image\b[^>]*href=/;
/**
 * Drawings whose shapes all lie outside their canvas, found by rendering every pin in Chromium;
 * no cheap static check catches these.
 */
const RENDERS_BLANK = new Set([
  'electronics/bulb/light_bulb_karl_bartel_01.svg',
  'recreation/sports/badminton_racket_brice_b_01.svg',
]);
const USELESS_DESCRIPTION = /^(?:HASH\(0x[0-9a-f]+\)|[\w.+-]+@[\w-]+\.[\w.]+|none|n\/a|description|\W*)$/i;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Metadata in these files was sometimes HTML-escaped twice, leaving `&#39;` in titles. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] !== '#') return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
    const code = entity[1].toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function truncateAtWord(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

function capitalizeFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "signs_and_symbols" → "Signs and Symbols". */
function boardName(folder: string): string {
  return folder
    .split(/[_-]+/)
    .map((word, index) => (index > 0 && ['and', 'of'].includes(word) ? word : capitalizeFirst(word)))
    .join(' ');
}

/** "flat-theme" → "Flat theme". */
function folderName(folder: string): string {
  return capitalizeFirst(collapseWhitespace(folder.replace(/[_-]+/g, ' ')));
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The package's file names are "<title>_<author, truncated>_01.svg" (or "…_", "…1"); drops the
 * author part when it is a prefix of the creator's name: "armadillo_architetto_fra_01" → "armadillo".
 */
function stripAuthorSuffix(stem: string, creator: string): string {
  const creatorSlug = slugify(creator).replace(/-/g, '_');
  const withoutCounter = stem.replace(/(?:_(?:0\d)?|(?<=\p{L})1)$/u, '');
  if (creatorSlug.length < 2) return withoutCounter;
  const words = withoutCounter.split('_');
  for (let start = 1; start < words.length; start++) {
    const suffix = words.slice(start).join('_').replace(/\d$/, '');
    if (suffix.length >= 2 && creatorSlug.startsWith(suffix)) return words.slice(0, start).join('_');
  }
  return withoutCounter;
}

/**
 * Words from a file-name style identifier: "08_waningcrescent_openclipart" → "waningcrescent",
 * "arrow-left-red" → "arrow left red"; hyphens stay where a part is one letter ("T-shirt").
 */
function identifierToWords(identifier: string, creator: string): string {
  const stem = stripAuthorSuffix(identifier, creator)
    .replace(/^\d+_(?=\D)/, '')
    .replace(/_openclipart$/i, '');
  return stem
    .split('_')
    .flatMap((word) => (word.split('-').some((part) => part.length === 1) ? [word] : word.split('-')))
    .filter(Boolean)
    .join(' ');
}

function tidyTitle(raw: string, creator: string): string {
  // File extensions and contact details are upload artefacts, not part of the name.
  const collapsed = collapseWhitespace(raw.replace(/\.svg\b/gi, '').replace(/\([^)]*@[^)]*\)/g, ''));
  const words = /\s/.test(collapsed) ? collapsed : identifierToWords(collapsed, creator);
  const letters = words.replace(/[^\p{L}]/gu, '');
  const cased =
    letters.length >= 4 && letters === letters.toUpperCase()
      ? capitalizeFirst(words.toLowerCase())
      : words === words.toLowerCase()
        ? capitalizeFirst(words)
        : words;
  return truncateAtWord(cased, MAX_TITLE_CHARS);
}

function isMeaningfulTitle(title: string): boolean {
  return !PLACEHOLDER_TITLE.test(title) && /\p{L}{3,}/u.test(title) && !title.includes('@');
}

function metadataTitle(candidate: Candidate): string {
  return collapseWhitespace(decodeEntities(candidate.metadata.title).replace(AUTHOR_PREFIX, ''));
}

/** Returns the pin's title, or null when neither the metadata nor the file name gives a real one. */
function resolveTitle(candidate: Candidate, titleUses: Map<string, number>): Omit<TitledCandidate, keyof Candidate> | null {
  const fromMetadata = metadataTitle(candidate);
  const isCollectionTitle =
    COLLECTION_TITLE.test(fromMetadata) || (titleUses.get(fromMetadata.toLowerCase()) ?? 0) >= COLLECTION_TITLE_MIN_USES;
  const tidied = tidyTitle(fromMetadata, candidate.metadata.creator);
  if (!isCollectionTitle && isMeaningfulTitle(tidied)) return { title: tidied, titleFromMetadata: true };
  const fromFileName = tidyTitle(path.basename(candidate.source, '.svg'), candidate.metadata.creator);
  return isMeaningfulTitle(fromFileName) ? { title: fromFileName, titleFromMetadata: false } : null;
}

function lettersOnly(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}]/gu, '');
}

function cleanTags(keywords: string[], creator: string): string[] {
  const creatorLetters = lettersOnly(creator);
  const tags = keywords
    .map((keyword) =>
      collapseWhitespace(decodeEntities(keyword).toLowerCase().replace(/_+/g, ' ')).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''),
    )
    .filter(
      (tag) =>
        /\p{L}/u.test(tag) && tag.length <= 40 && !STOP_TAGS.has(tag) && (creatorLetters === '' || lettersOnly(tag) !== creatorLetters),
    );
  return [...new Set(tags)].slice(0, MAX_TAGS);
}

function cleanDescription(raw: string, title: string, creator: string): string {
  const description = collapseWhitespace(decodeEntities(raw));
  const redundant = [title, creator].some((other) => lettersOnly(other) === lettersOnly(description));
  return USELESS_DESCRIPTION.test(description) || redundant ? '' : truncateAtWord(description, MAX_DESCRIPTION_CHARS);
}

/**
 * False for a sanitized SVG that paints nothing: only gradients or symbols, or only an <image>
 * whose file lived on the author's disk (its href was dropped).
 */
function drawsSomething(sanitizedSvg: string): boolean {
  return PAINTED_ELEMENT.test(sanitizedSvg.replace(REFERENCED_ONLY, ''));
}

/** CSS pixels per unit, for width/height attributes written in absolute units. */
const PIXELS_PER_UNIT: Record<string, number> = { '': 1, px: 1, pt: 4 / 3, pc: 16, mm: 96 / 25.4, cm: 96 / 2.54, in: 96 };

function roundSize(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Size in CSS pixels from absolute width/height attributes, else from the viewBox; omitted when neither gives one. */
function intrinsicSize(sanitizedSvg: string): { width?: number; height?: number } {
  const rootTag = /^<svg[^>]*>/.exec(sanitizedSvg)?.[0] ?? '';
  const attribute = (name: string) => new RegExp(` ${name}="([^"]*)"`).exec(rootTag)?.[1];
  const pixels = (value: string | undefined) => {
    const match = value === undefined ? null : /^([0-9]*\.?[0-9]+(?:e[-+]?\d+)?)\s*([a-z]*)$/i.exec(value.trim());
    const perUnit = match ? PIXELS_PER_UNIT[match[2].toLowerCase()] : undefined;
    const size = match && perUnit ? Number(match[1]) * perUnit : NaN;
    return size > 0 ? roundSize(size) : undefined;
  };
  const width = pixels(attribute('width'));
  const height = pixels(attribute('height'));
  if (width !== undefined && height !== undefined) return { width, height };
  const viewBox = attribute('viewBox')?.trim().split(/[\s,]+/).map(Number);
  if (viewBox?.length === 4 && viewBox[2] > 0 && viewBox[3] > 0) return { width: roundSize(viewBox[2]), height: roundSize(viewBox[3]) };
  return {};
}

function listSvgFiles(root: string): { files: string[]; symlinks: number } {
  const files: string[] = [];
  let symlinks = 0;
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isSymbolicLink()) symlinks++;
      else if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.svg')) files.push(path.relative(root, full));
    }
  };
  walk(root);
  // Code-unit order, not locale order, so every machine sorts alike.
  return { files: files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), symlinks };
}

/**
 * Largest per-board cap that keeps the total within MAX_PINS; leftover slots go one each to the
 * boards with the most candidates, so the bundle has exactly MAX_PINS when enough exist.
 */
function boardQuotas(candidatesPerBoard: Map<string, number>): Map<string, number> {
  const total = (cap: number) => [...candidatesPerBoard.values()].reduce((sum, count) => sum + Math.min(count, cap), 0);
  let cap = 0;
  while (total(cap + 1) <= MAX_PINS && total(cap + 1) > total(cap)) cap++;
  const quotas = new Map([...candidatesPerBoard].map(([board, count]) => [board, Math.min(count, cap)]));
  let leftover = MAX_PINS - total(cap);
  const largestFirst = [...candidatesPerBoard].filter(([, count]) => count > cap).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [board] of largestFirst) {
    if (leftover-- <= 0) break;
    quotas.set(board, cap + 1);
  }
  return quotas;
}

/**
 * Orders a board's candidates for picking: distinct titles before repeats, titles from metadata
 * before titles made from file names, subfolders taking turns (so one big subfolder such as
 * "flags" doesn't fill the board), and a seeded hash so the rest is a stable shuffle.
 */
function pickOrder(candidates: TitledCandidate[]): TitledCandidate[] {
  const shuffleKey = (candidate: TitledCandidate) => sha256(`${SEED}:${candidate.contentHash}`);
  const shuffled = [...candidates].sort((a, b) => (shuffleKey(a) < shuffleKey(b) ? -1 : 1));
  const seenTitles = new Map<string, number>();
  const ranked = shuffled.map((candidate) => {
    const title = candidate.title.toLowerCase();
    const repeat = seenTitles.get(title) ?? 0;
    seenTitles.set(title, repeat + 1);
    return { candidate, repeat, tier: candidate.titleFromMetadata ? 0 : 1, turn: 0 };
  });
  ranked.sort((a, b) => a.repeat - b.repeat || a.tier - b.tier);
  const turnsTaken = new Map<string, number>();
  for (const entry of ranked) {
    const group = `${entry.repeat}:${entry.tier}:${entry.candidate.subfolders[0] ?? ''}`;
    entry.turn = turnsTaken.get(group) ?? 0;
    turnsTaken.set(group, entry.turn + 1);
  }
  // Array.prototype.sort is stable, so equal turns keep the shuffled order.
  return ranked
    .sort((a, b) => a.repeat - b.repeat || a.tier - b.tier || a.turn - b.turn)
    .map(({ candidate }) => candidate);
}

function packageVersion(): string {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', PACKAGE], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown (dpkg-query not available)';
  }
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}

function main(): void {
  const { values } = parseArgs({
    options: { source: { type: 'string', default: DEFAULT_SOURCE }, out: { type: 'string', default: DEFAULT_OUT } },
  });
  const sourceRoot = path.resolve(values.source);
  const outDir = path.resolve(values.out);
  const { files, symlinks } = listSvgFiles(sourceRoot);
  const skipped = new Map<SkipReason, number>(SKIP_REASONS.map((reason) => [reason, 0]));
  const skip = (reason: SkipReason) => skipped.set(reason, (skipped.get(reason) ?? 0) + 1);

  const seenContent = new Set<string>();
  const candidates: Candidate[] = [];
  for (const source of files) {
    const bytes = fs.readFileSync(path.join(sourceRoot, source));
    const contentHash = sha256(bytes);
    if (seenContent.has(contentHash)) {
      skip('duplicate content');
      continue;
    }
    seenContent.add(contentHash);
    const text = bytes.toString('utf8');
    let metadata: SvgMetadata;
    let sanitized: string;
    try {
      metadata = readSvgMetadata(text);
      sanitized = sanitizeSvg(text);
    } catch (error) {
      if (!(error instanceof InvalidSvgError)) throw error;
      skip('invalid SVG');
      continue;
    }
    if (!drawsSomething(sanitized) || RENDERS_BLANK.has(source)) {
      skip('draws nothing');
      continue;
    }
    const sanitizedBytes = Buffer.byteLength(sanitized);
    const [boardFolder, ...rest] = source.split('/');
    candidates.push({ source, contentHash, boardFolder, subfolders: rest.slice(0, -1), metadata, sanitizedBytes });
  }

  const titleUses = new Map<string, number>();
  for (const candidate of candidates) {
    const key = metadataTitle(candidate).toLowerCase();
    titleUses.set(key, (titleUses.get(key) ?? 0) + 1);
  }

  const byBoard = new Map<string, TitledCandidate[]>();
  for (const candidate of candidates) {
    const resolved = resolveTitle(candidate, titleUses);
    if (!resolved) skip('placeholder title');
    else if (candidate.sanitizedBytes > MAX_IMAGE_BYTES) skip('too large after sanitizing');
    else byBoard.set(candidate.boardFolder, [...(byBoard.get(candidate.boardFolder) ?? []), { ...candidate, ...resolved }]);
  }

  const quotas = boardQuotas(new Map([...byBoard].map(([board, list]) => [board, list.length])));
  const selected = [...byBoard].flatMap(([board, list]) => pickOrder(list).slice(0, quotas.get(board)));

  const pins: { record: PinRecord; svg: string }[] = selected.map((candidate) => {
    const svg = sanitizeSvg(fs.readFileSync(path.join(sourceRoot, candidate.source), 'utf8'));
    const { creator } = candidate.metadata;
    const id = `${slugify(candidate.title).slice(0, 48).replace(/-+$/, '')}-${candidate.contentHash.slice(0, 6)}`;
    const record: PinRecord = {
      id,
      title: candidate.title,
      description: cleanDescription(candidate.metadata.description, candidate.title, creator),
      tags: cleanTags(candidate.metadata.keywords, creator),
      board: boardName(candidate.boardFolder),
      ...(candidate.subfolders.length ? { subcategory: candidate.subfolders.map(folderName).join(' / ') } : {}),
      image: `images/${id}.svg`,
      ...intrinsicSize(svg),
      source: candidate.source,
      license: LICENSE,
    };
    return { record, svg };
  });
  pins.sort((a, b) => (a.record.id < b.record.id ? -1 : 1));

  const ids = new Set(pins.map(({ record }) => record.id));
  if (ids.size !== pins.length) throw new Error('pin ids collide; lengthen the content-hash suffix');

  const jsonl = pins.map(({ record }) => JSON.stringify(record)).join('\n') + '\n';
  const imageBytes = pins.reduce((sum, { svg }) => sum + Buffer.byteLength(svg), 0);
  const histogram = [...quotas].filter(([, count]) => count > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const largestShare = Math.max(...histogram.map(([, count]) => count)) / pins.length;
  if (largestShare > MAX_BOARD_SHARE) throw new Error(`a board holds ${(largestShare * 100).toFixed(1)}% of pins`);

  const report = {
    scanned: files.length,
    symlinks,
    candidates: [...byBoard.values()].reduce((sum, list) => sum + list.length, 0),
    skipped,
    pins: pins.length,
    titlesFromFileNames: selected.filter((candidate) => !candidate.titleFromMetadata).length,
    histogram,
    imageBytes,
    jsonlBytes: Buffer.byteLength(jsonl),
  };
  const sourceMd = renderSourceMd(report, values.source, values.out);
  const totalBytes = imageBytes + report.jsonlBytes + Buffer.byteLength(sourceMd);
  if (totalBytes > MAX_TOTAL_BYTES) {
    throw new Error(`bundle would be ${formatMegabytes(totalBytes)}, over ${formatMegabytes(MAX_TOTAL_BYTES)}`);
  }

  // Replace the previous build wholesale so renamed or deselected pins leave no stale images.
  fs.rmSync(path.join(outDir, 'images'), { recursive: true, force: true });
  fs.mkdirSync(path.join(outDir, 'images'), { recursive: true });
  for (const { record, svg } of pins) fs.writeFileSync(path.join(outDir, record.image), svg);
  fs.writeFileSync(path.join(outDir, 'pins.jsonl'), jsonl);
  fs.writeFileSync(path.join(outDir, 'SOURCE.md'), sourceMd);

  console.log(`${pins.length} pins from ${files.length} files; ${formatMegabytes(totalBytes)} in ${path.relative(process.cwd(), outDir) || '.'}`);
  for (const [reason, count] of skipped) console.log(`  skipped ${count} (${reason})`);
  for (const [board, count] of histogram) {
    console.log(`  ${boardName(board).padEnd(20)} ${String(count).padStart(4)}  ${((count / pins.length) * 100).toFixed(1)}%`);
  }
}

interface BuildReport {
  scanned: number;
  symlinks: number;
  candidates: number;
  skipped: Map<SkipReason, number>;
  pins: number;
  titlesFromFileNames: number;
  histogram: [string, number][];
  imageBytes: number;
  jsonlBytes: number;
}

function renderSourceMd(report: BuildReport, sourceArg: string, outArg: string): string {
  const skippedLines = [...report.skipped].map(([reason, count]) => `- Skipped, ${reason}: ${count}`);
  const histogramRows = report.histogram.map(
    ([board, count]) => `| ${boardName(board)} | \`${board}/\` | ${count} | ${((count / report.pins) * 100).toFixed(1)}% |`,
  );
  return `# Pins demo dataset: source

Generated by \`datasets/pins/build-pins.ts\`; do not edit by hand. Rebuild with:

\`\`\`sh
npx tsx datasets/pins/build-pins.ts --source ${sourceArg} --out ${outArg}
\`\`\`

## Origin and license

- Images and metadata come from the Open Clip Art Library (release 0.18), as packaged by Debian:
  package \`${PACKAGE}\`, version \`${packageVersion()}\`, files under \`/usr/share/openclipart/svg/\`.
- Every drawing in the Open Clip Art Library is in the **public domain**; each pin records
  \`"license": "${LICENSE}"\` and its original path in \`source\`.
- Images are rewritten by \`core/media/sanitize-svg.ts\`: no script, event handlers, external
  references, foreign content, DOCTYPE or editor metadata; whitespace between tags is removed.
  The drawing itself is unchanged.

## Selection rules

1. Scan every \`*.svg\` under the source folder in code-unit path order; symbolic links (${report.symlinks})
   and files whose content was already seen are skipped, so each drawing appears once, under the
   first folder in path order.
2. Board = top-level category folder ("signs_and_symbols" → "Signs and Symbols"); \`subcategory\`
   = the folders below it.
3. Title = Dublin Core \`dc:title\` (else \`<title>\`), HTML entities decoded, "Clipart by … - "
   prefixes removed, underscores and slug hyphens turned into spaces, all-caps or all-lowercase
   titles capitalised. A title that is a placeholder ("Untitled", "drawing", …) or names a
   collection (contains "collection", "theme", …, or is shared by ${COLLECTION_TITLE_MIN_USES}+ different drawings)
   is replaced by one made from the file name with the packaging's author suffix
   ("_architetto_fra_01") removed; if that has no word of 3+ letters either, the file is skipped.
4. Tags = \`dc:subject\` keywords, lowercased, underscores to spaces, deduplicated, without the
   author's name and packaging noise ("hash", "unsorted", "clipart", …), at most ${MAX_TAGS}.
5. Description = \`dc:description\` (else \`<desc>\`), empty when absent, an e-mail address, a
   \`HASH(0x…)\` artefact, or a repeat of the title or author; at most ${MAX_DESCRIPTION_CHARS} characters.
6. Files that fail sanitizing, whose sanitized SVG exceeds ${MAX_IMAGE_BYTES / 1024} KiB, or that draw nothing are
   skipped. "Draw nothing" means no shape outside \`<defs>\`, gradients, symbols etc. (gradient swatches,
   drawings that only linked a bitmap on the author's disk), plus ${RENDERS_BLANK.size} drawing(s) whose shapes all lie
   off the canvas, found by rendering every pin in Chromium: ${[...RENDERS_BLANK].map((source) => `\`${source}\``).join(', ')}.
7. Each board gets the largest equal cap that keeps the total at ${MAX_PINS} (boards with fewer
   candidates keep all of theirs; leftover slots go one each to the largest boards). Within a board,
   distinct titles come before repeated ones, metadata titles before file-name titles, and ties
   are broken by SHA-256 of \`"${SEED}:<content hash>"\`.
8. \`id\` = slug of the title + first 6 hex digits of the SHA-256 of the original file.
   \`width\`/\`height\` come from numeric \`width\`/\`height\` attributes, else the \`viewBox\`.

## Counts

- SVG files scanned: ${report.scanned} (plus ${report.symlinks} symbolic links not followed)
${skippedLines.join('\n')}
- Candidates after filtering: ${report.candidates}
- Pins selected: ${report.pins} (${report.titlesFromFileNames} with titles made from file names)
- Size: ${formatMegabytes(report.imageBytes)} of images + ${formatMegabytes(report.jsonlBytes)} \`pins.jsonl\`

## Boards

| Board | Folder | Pins | Share |
| --- | --- | ---: | ---: |
${histogramRows.join('\n')}
`;
}

main();
