import { createSvgParser, InvalidSvgError, isSvgRoot, SVG_NS } from './sanitize-svg';

export interface SvgMetadata {
  title: string;
  description: string;
  /** In document order, whitespace-collapsed, without empties or exact duplicates; not otherwise normalised. */
  keywords: string[];
  /** The work's creator (`dc:creator`), so callers can tell author names apart from subject keywords. */
  creator: string;
}

const DC_NS = 'http://purl.org/dc/elements/1.1/';
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

interface OpenElement {
  uri: string;
  local: string;
  /** The element's own text, not its children's. */
  text: string;
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Reads Dublin Core metadata (as written by Inkscape and the Open Clip Art Library) from an SVG,
 * falling back to the root's `<title>` and `<desc>`. Throws `InvalidSvgError` like `sanitizeSvg`.
 */
export function readSvgMetadata(svgText: string): SvgMetadata {
  const parser = createSvgParser();
  const open: OpenElement[] = [];
  const titles: string[] = [];
  const descriptions: string[] = [];
  const keywords: string[] = [];
  const creators: string[] = [];
  const svgTitles: string[] = [];
  const svgDescs: string[] = [];
  let sawRoot = false;

  const hasAncestor = (uri: string, local: string) =>
    open.some((element) => element.uri === uri && element.local === local);

  parser.on('opentag', (tag) => {
    if (!sawRoot) {
      if (!isSvgRoot(tag)) throw new InvalidSvgError(`not an SVG document: root element is <${tag.name}>`);
      sawRoot = true;
    }
    open.push({ uri: tag.uri, local: tag.local, text: '' });
  });

  const onText = (text: string) => {
    const current = open[open.length - 1];
    if (current) current.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.on('closetag', () => {
    const element = open.pop();
    if (!element) return;
    const text = collapseWhitespace(element.text);
    if (!text) return;
    // Agents (publisher, creator, rights holder) carry their own dc:title: a name, not the work's title.
    const insideAgent = open.some((ancestor) => ancestor.local === 'Agent');
    if (element.uri === DC_NS) {
      if (element.local === 'title' && hasAncestor(DC_NS, 'creator')) creators.push(text);
      else if (element.local === 'title' && !insideAgent) titles.push(text);
      else if (element.local === 'description' && !insideAgent) descriptions.push(text);
      // Older files write the subject as one comma-separated string instead of an rdf:Bag.
      else if (element.local === 'subject') keywords.push(...text.split(/[,;]/).map(collapseWhitespace));
    } else if (element.uri === RDF_NS && element.local === 'li' && hasAncestor(DC_NS, 'subject')) {
      keywords.push(text);
    } else if (open.length === 1 && (element.uri === SVG_NS || element.uri === '')) {
      if (element.local === 'title') svgTitles.push(text);
      else if (element.local === 'desc') svgDescs.push(text);
    }
  });

  parser.write(svgText).close();
  if (!sawRoot) throw new InvalidSvgError('not an SVG document: no root element');

  return {
    title: titles[0] ?? svgTitles[0] ?? '',
    description: descriptions[0] ?? svgDescs[0] ?? '',
    keywords: [...new Set(keywords.filter((keyword) => keyword !== ''))],
    creator: creators[0] ?? '',
  };
}
