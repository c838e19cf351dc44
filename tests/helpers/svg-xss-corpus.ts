import fs from 'node:fs';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { InvalidSvgError, sanitizeSvg, SVG_NS, XLINK_NS } from '../../core/media/sanitize-svg';

/** One hostile SVG: each tries to run `alert(1)` (or reach evil.example) by its own route. */
export interface XssPayload {
  id: string;
  vector: string;
  svg: string;
}

export const XSS_PAYLOADS: XssPayload[] = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../fixtures/svg-xss/payloads.json'), 'utf8'),
) as XssPayload[];

/** What import makes of a payload: the sanitized SVG, or null when it is refused as not a valid SVG. */
export function sanitizedOrRefused(payload: XssPayload): string | null {
  try {
    return sanitizeSvg(payload.svg);
  } catch (error) {
    if (error instanceof InvalidSvgError) return null;
    throw error;
  }
}

/** Lower-cased: an HTML parser lower-cases tag names when the SVG is inlined in a page. */
const ACTIVE_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'embed', 'object', 'handler', 'listener', 'a', 'img', 'meta', 'body', 'html', 'math']);
const ANIMATIONS = new Set(['animate', 'animateMotion', 'animateTransform', 'set']);
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const SAFE_HREF = /^(?:#|data:image\/(?:png|jpeg|gif|webp);base64,)/;
const ACTIVE_TEXT = /javascript:|vbscript:|data:text|expression\s*\(|@import|-moz-binding|behavior\s*:|image-set\s*\(|\\/i;
/** A `url(` whose target is not a fragment of this document. */
const EXTERNAL_URL = /url\(\s*(?!['"]?#)/i;

/**
 * Why a sanitized SVG could still run script or fetch something, read from its parsed tree (not from
 * its text, which may hold harmless escaped markup); empty when it is inert.
 */
export function activeParts(svg: string): string[] {
  const problems: string[] = [];
  const parser = new SaxesParser({ xmlns: true });
  const open: string[] = [];
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('doctype', () => problems.push('DOCTYPE'));
  parser.on('processinginstruction', (pi) => problems.push(`processing instruction ${pi.target}`));
  parser.on('opentag', (tag) => {
    open.push(tag.local);
    if (tag.uri !== SVG_NS) problems.push(`element <${tag.name}> outside the SVG namespace`);
    if (ACTIVE_ELEMENTS.has(tag.local.toLowerCase())) problems.push(`element <${tag.name}>`);
    for (const attribute of Object.values(tag.attributes)) {
      const { name, local, uri, value } = attribute;
      if (uri === 'http://www.w3.org/2000/xmlns/' || name === 'xmlns') continue;
      if (uri !== '' && !(uri === XLINK_NS && local === 'href') && uri !== XML_NS) problems.push(`namespaced attribute ${name}`);
      if (uri === XML_NS && local === 'base') problems.push('xml:base');
      if (/^on/i.test(local)) problems.push(`event handler ${name}`);
      if (local === 'href' && !SAFE_HREF.test(value)) problems.push(`${name}="${value}"`);
      if (ACTIVE_TEXT.test(value) || EXTERNAL_URL.test(value)) problems.push(`${name}="${value}"`);
    }
    const target = tag.attributes.attributeName?.value.trim().toLowerCase();
    if (ANIMATIONS.has(tag.local) && target && (target.startsWith('on') || target.endsWith('href') || target === 'style')) {
      problems.push(`<${tag.local}> animating ${target}`);
    }
  });
  parser.on('closetag', () => open.pop());
  parser.on('text', (text) => {
    // Markup in a style sheet is no CSS, only a trick on an HTML parser or serializer when the SVG is inlined.
    if (open.at(-1) === 'style' && (ACTIVE_TEXT.test(text) || EXTERNAL_URL.test(text) || text.includes('<'))) problems.push(`style sheet: ${text}`);
  });
  parser.on('cdata', () => problems.push('CDATA section'));
  parser.write(svg).close();
  return problems;
}
