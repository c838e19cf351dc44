import { useMemo, type ReactNode } from 'react';
import { parseMarkdown, type MarkdownBlock, type MarkdownInline } from './markdown-parser';

function renderInline(nodes: MarkdownInline[]): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.type) {
      case 'text':
        return node.text;
      case 'code':
        return <code key={i}>{node.text}</code>;
      case 'strong':
        return <strong key={i}>{renderInline(node.children)}</strong>;
      case 'em':
        return <em key={i}>{renderInline(node.children)}</em>;
      case 'link':
        return node.href ? (
          <a key={i} href={node.href} target="_blank" rel="noopener noreferrer">
            {renderInline(node.children)}
          </a>
        ) : (
          <span key={i}>{renderInline(node.children)}</span>
        );
    }
  });
}

function renderBlocks(blocks: MarkdownBlock[]): ReactNode[] {
  return blocks.map((block, i) => {
    switch (block.type) {
      case 'heading': {
        const Heading = `h${block.level}` as const;
        return <Heading key={i}>{renderInline(block.children)}</Heading>;
      }
      case 'paragraph':
        return <p key={i}>{renderInline(block.children)}</p>;
      case 'list': {
        const List = block.ordered ? 'ol' : 'ul';
        return (
          <List key={i}>
            {block.items.map((item, j) => (
              <li key={j}>{renderInline(item)}</li>
            ))}
          </List>
        );
      }
      case 'quote':
        return <blockquote key={i}>{renderBlocks(block.children)}</blockquote>;
      case 'code':
        return (
          <pre key={i}>
            <code>{block.text}</code>
          </pre>
        );
      case 'rule':
        return <hr key={i} />;
    }
  });
}

/**
 * Markdown from data (guidelines) as React elements: every string goes through React's escaping, no
 * raw HTML is ever inserted, and only http(s) links become links.
 */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return <div className={className ?? 'markdown'}>{renderBlocks(blocks)}</div>;
}
