/**
 * A small Markdown subset for text from data (a task's guidelines): headings, paragraphs, lists, block
 * quotes, fenced code, rules, and inline emphasis, code and links. It produces a tree of plain strings, never
 * HTML: raw HTML in the source stays literal text, and a link keeps its target only when it is http(s).
 */
export type MarkdownInline =
  | { type: 'text'; text: string }
  | { type: 'strong' | 'em'; children: MarkdownInline[] }
  | { type: 'code'; text: string }
  /** `href` is null when the target was not an http(s) URL: the link is shown as its text only. */
  | { type: 'link'; href: string | null; children: MarkdownInline[] };

export type MarkdownBlock =
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: MarkdownInline[] }
  | { type: 'paragraph'; children: MarkdownInline[] }
  | { type: 'list'; ordered: boolean; items: MarkdownInline[][] }
  | { type: 'quote'; children: MarkdownBlock[] }
  | { type: 'code'; text: string }
  | { type: 'rule' };

/** The target of a link, if it is an absolute http(s) URL; anything else (javascript:, data:, relative) is dropped. */
export function safeLinkTarget(target: string): string | null {
  const trimmed = target.trim();
  if (!/^https?:\/\//i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;
const FENCE = /^ {0,3}(```|~~~)/;
const LIST_ITEM = /^ {0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;

export function parseMarkdown(source: string): MarkdownBlock[] {
  return parseBlocks(source.replace(/\r\n?/g, '\n').split('\n'));
}

function parseBlocks(lines: string[]): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(fence[1]!)) body.push(lines[i++]!);
      i++; // the closing fence (or the end of the text)
      blocks.push({ type: 'code', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', level: heading[1]!.length as 1 | 2 | 3 | 4 | 5 | 6, children: parseInline(heading[2]!) });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ type: 'rule' });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) quoted.push(QUOTE.exec(lines[i++]!)![1]!);
      blocks.push({ type: 'quote', children: parseBlocks(quoted) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = /\d/.test(item[1]![0]!);
      const items: string[] = [];
      while (i < lines.length) {
        const current = lines[i]!;
        const next = LIST_ITEM.exec(current);
        if (next && /\d/.test(next[1]![0]!) === ordered) items.push(next[2]!);
        else if (current.trim() !== '' && /^\s+/.test(current) && items.length > 0) items[items.length - 1] += ` ${current.trim()}`;
        else break;
        i++;
      }
      blocks.push({ type: 'list', ordered, items: items.map(parseInline) });
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && !startsBlock(lines[i]!)) paragraph.push(lines[i++]!.trim());
    blocks.push({ type: 'paragraph', children: parseInline(paragraph.join(' ')) });
  }
  return blocks;
}

const startsBlock = (line: string) => FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || LIST_ITEM.test(line);

/** Inline spans: `code`, **strong** / __strong__, *em* / _em_, [text](url), and backslash escapes. */
export function parseInline(text: string): MarkdownInline[] {
  const out: MarkdownInline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ type: 'text', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '\\' && i + 1 < text.length && /[\\`*_[\]()#+\-.!>~]/.test(text[i + 1]!)) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (char === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push({ type: 'code', text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (char === '[') {
      const link = /^\[([^\]]+)\]\(([^)\s]*)\)/.exec(text.slice(i));
      if (link) {
        flush();
        out.push({ type: 'link', href: safeLinkTarget(link[2]!), children: parseInline(link[1]!) });
        i += link[0].length;
        continue;
      }
    }
    if (char === '*' || char === '_') {
      const double = text[i + 1] === char;
      const marker = double ? char + char : char;
      const start = i + marker.length;
      const end = findClosing(text, marker, start);
      // An opening marker must be followed by a non-space, and `_` inside a word (snake_case) is not emphasis.
      const intraword = char === '_' && i > 0 && /\w/.test(text[i - 1]!);
      if (end !== -1 && !/\s/.test(text[start] ?? ' ') && !intraword) {
        flush();
        out.push({ type: double ? 'strong' : 'em', children: parseInline(text.slice(start, end)) });
        i = end + marker.length;
        continue;
      }
    }
    plain += char;
    i++;
  }
  flush();
  return out;
}

/** Where `marker` closes emphasis opened before `from`: not after a space, and not part of a longer run. */
function findClosing(text: string, marker: string, from: number): number {
  for (let at = text.indexOf(marker, from + 1); at !== -1; at = text.indexOf(marker, at + 1)) {
    const single = marker.length === 1;
    if (single && (text[at + 1] === marker || text[at - 1] === marker)) continue;
    if (!/\s/.test(text[at - 1]!)) return at;
  }
  return -1;
}
