import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, safeLinkTarget } from '../../../renderer/components/markdown-parser';

describe('markdown blocks', () => {
  it('reads headings, paragraphs joined across lines, lists, quotes, code fences and rules', () => {
    const blocks = parseMarkdown(['# Rate images', '', 'Look at the', 'whole picture.', '', '- one', '- two', '  continued', '', '1. first', '2) second', '', '> quoted', '', '```', '<b>x</b>', '```', '---'].join('\n'));
    expect(blocks).toEqual([
      { type: 'heading', level: 1, children: [{ type: 'text', text: 'Rate images' }] },
      { type: 'paragraph', children: [{ type: 'text', text: 'Look at the whole picture.' }] },
      { type: 'list', ordered: false, items: [[{ type: 'text', text: 'one' }], [{ type: 'text', text: 'two continued' }]] },
      { type: 'list', ordered: true, items: [[{ type: 'text', text: 'first' }], [{ type: 'text', text: 'second' }]] },
      { type: 'quote', children: [{ type: 'paragraph', children: [{ type: 'text', text: 'quoted' }] }] },
      { type: 'code', text: '<b>x</b>' },
      { type: 'rule' },
    ]);
  });

  it('ends a paragraph where a heading or list starts without a blank line, and handles CRLF', () => {
    expect(parseMarkdown('text\r\n## Next\r\n* item').map((block) => block.type)).toEqual(['paragraph', 'heading', 'list']);
  });

  it('keeps an unclosed fence as code to the end', () => {
    expect(parseMarkdown('```\nline 1\nline 2')).toEqual([{ type: 'code', text: 'line 1\nline 2' }]);
  });
});

describe('markdown inline spans', () => {
  it('reads strong, emphasis, code and links, nested', () => {
    expect(parseInline('a **bold _and em_** `x*y*` [site](https://example.org/a)')).toEqual([
      { type: 'text', text: 'a ' },
      { type: 'strong', children: [{ type: 'text', text: 'bold ' }, { type: 'em', children: [{ type: 'text', text: 'and em' }] }] },
      { type: 'text', text: ' ' },
      { type: 'code', text: 'x*y*' },
      { type: 'text', text: ' ' },
      { type: 'link', href: 'https://example.org/a', children: [{ type: 'text', text: 'site' }] },
    ]);
  });

  it('leaves lone markers, snake_case words, "2 * 3" and escaped markers literal', () => {
    expect(parseInline('snake_case_name and 2 * 3 * 4 and \\*not em\\* and *open')).toEqual([{ type: 'text', text: 'snake_case_name and 2 * 3 * 4 and *not em* and *open' }]);
  });
});

describe('untrusted source', () => {
  it('keeps raw HTML as literal text in the tree', () => {
    expect(parseMarkdown('<img src=x onerror=alert(1)> <script>alert(2)</script>')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: '<img src=x onerror=alert(1)> <script>alert(2)</script>' }] },
    ]);
  });

  it('drops the target of a script or data link and keeps its text', () => {
    expect(parseInline('[click](javascript:alert(3))')[0]).toMatchObject({ type: 'link', href: null, children: [{ type: 'text', text: 'click' }] });
    expect(parseInline('[x](data:text/html,hi)')[0]).toMatchObject({ type: 'link', href: null });
  });
});

describe('safe links', () => {
  it('keeps only absolute http(s) targets', () => {
    expect(safeLinkTarget('https://example.org/x?y=1')).toBe('https://example.org/x?y=1');
    expect(safeLinkTarget('HTTP://example.org')).toBe('http://example.org/');
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>', '/relative', 'vbscript:x', 'http://', 'file:///etc/passwd']) {
      expect(safeLinkTarget(bad), bad).toBeNull();
    }
  });
});
