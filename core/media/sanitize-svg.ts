import { AppError } from '../runtime/errors';
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';

/**
 * Turns untrusted SVG text into an SVG that can neither run script nor fetch anything,
 * keeping only drawing elements and presentation attributes (an allowlist, so unknown
 * constructs are dropped rather than trusted). Editor data (metadata, RDF, Inkscape,
 * Sodipodi, Illustrator) is dropped too, which is most of a typical clip-art file.
 */

export const SVG_NS = 'http://www.w3.org/2000/svg';
export const XLINK_NS = 'http://www.w3.org/1999/xlink';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** Stands in for undeclared prefixes (common in hand-edited files) so they parse and then get dropped. */
const UNBOUND_PREFIX_NS = 'urn:x-relevance-workbench:unbound-prefix';

/** The input is not an SVG document, or not well-formed XML, or relies on entities we refuse to expand. */
export class InvalidSvgError extends AppError {
  constructor(message: string) {
    super('IMPORT_BAD_LINE', message, { field: 'image' });
    this.name = 'InvalidSvgError';
  }
}

/**
 * A namespace-aware parser that throws `InvalidSvgError` on the first well-formedness error.
 * Saxes never reads DTDs, so entity declarations are inert: a reference to anything but the
 * five predefined entities fails, which rules out XXE and entity-expansion bombs.
 */
export function createSvgParser(): SaxesParser<{ xmlns: true }> {
  const parser = new SaxesParser({
    xmlns: true,
    resolvePrefix: (prefix: string) => (prefix === '' ? undefined : UNBOUND_PREFIX_NS),
  });
  parser.on('error', (error) => {
    throw new InvalidSvgError(`malformed SVG: ${error.message}`);
  });
  return parser;
}

/** True for `<svg>` in the SVG namespace, or without any namespace (accepted as SVG when the root is). */
export function isSvgRoot(tag: SaxesTagNS): boolean {
  return tag.local === 'svg' && (tag.uri === SVG_NS || (tag.uri === '' && tag.prefix === ''));
}

const ALLOWED_ELEMENTS = new Set([
  'svg', 'g', 'defs', 'symbol', 'use', 'switch', 'title', 'desc', 'style',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'image',
  'text', 'tspan', 'textPath',
  'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker',
  'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix',
  'feDiffuseLighting', 'feDisplacementMap', 'feDistantLight', 'feDropShadow', 'feFlood',
  'feFuncA', 'feFuncB', 'feFuncG', 'feFuncR', 'feGaussianBlur', 'feImage', 'feMerge',
  'feMergeNode', 'feMorphology', 'feOffset', 'fePointLight', 'feSpecularLighting',
  'feSpotLight', 'feTile', 'feTurbulence',
  'animate', 'animateMotion', 'animateTransform', 'set', 'mpath',
  // Renamed to <g> on output: a link container without its link.
  'a',
]);

const ANIMATION_ELEMENTS = new Set(['animate', 'animateMotion', 'animateTransform', 'set']);
/** Elements whose text content is kept; elsewhere text is only formatting whitespace. */
const TEXT_ELEMENTS = new Set(['text', 'tspan', 'textPath', 'title', 'desc', 'style']);
/** Elements whose href may point at a raster `data:` image instead of a `#fragment`. */
const RASTER_HREF_ELEMENTS = new Set(['image', 'feImage']);

const ALLOWED_ATTRIBUTES = new Set([
  // Core and geometry.
  'id', 'class', 'style', 'transform', 'd', 'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r',
  'rx', 'ry', 'fx', 'fy', 'fr', 'width', 'height', 'points', 'viewBox', 'preserveAspectRatio',
  'pathLength', 'offset', 'lang', 'tabindex',
  // Conditional processing, which <switch> uses to pick a child.
  'systemLanguage', 'requiredFeatures', 'requiredExtensions',
  // Paint servers, clipping, masking, markers.
  'gradientUnits', 'gradientTransform', 'spreadMethod', 'patternUnits', 'patternContentUnits',
  'patternTransform', 'clipPathUnits', 'maskUnits', 'maskContentUnits', 'markerUnits',
  'markerWidth', 'markerHeight', 'refX', 'refY', 'orient',
  // Filters.
  'filterUnits', 'primitiveUnits', 'filterRes', 'in', 'in2', 'result', 'stdDeviation', 'dx', 'dy',
  'mode', 'type', 'values', 'tableValues', 'slope', 'intercept', 'amplitude', 'exponent',
  'operator', 'k1', 'k2', 'k3', 'k4', 'kernelMatrix', 'order', 'divisor', 'bias', 'targetX',
  'targetY', 'edgeMode', 'kernelUnitLength', 'preserveAlpha', 'surfaceScale', 'diffuseConstant',
  'specularConstant', 'specularExponent', 'scale', 'xChannelSelector', 'yChannelSelector',
  'azimuth', 'elevation', 'z', 'pointsAtX', 'pointsAtY', 'pointsAtZ', 'limitingConeAngle',
  'radius', 'baseFrequency', 'numOctaves', 'seed', 'stitchTiles',
  // Text layout.
  'rotate', 'textLength', 'lengthAdjust', 'startOffset', 'method', 'spacing', 'side',
  // Animation timing and values (targets are checked separately).
  'attributeName', 'attributeType', 'begin', 'dur', 'end', 'min', 'max', 'restart',
  'repeatCount', 'repeatDur', 'calcMode', 'keyTimes', 'keySplines', 'keyPoints', 'from', 'to',
  'by', 'additive', 'accumulate', 'path',
  // Presentation attributes.
  'alignment-baseline', 'baseline-shift', 'clip', 'clip-path', 'clip-rule', 'color',
  'color-interpolation', 'color-interpolation-filters', 'color-rendering', 'direction',
  'display', 'dominant-baseline', 'fill', 'fill-opacity', 'fill-rule', 'filter', 'flood-color',
  'flood-opacity', 'font', 'font-family', 'font-size', 'font-size-adjust', 'font-stretch',
  'font-style', 'font-variant', 'font-weight', 'glyph-orientation-horizontal',
  'glyph-orientation-vertical', 'image-rendering', 'isolation', 'kerning', 'letter-spacing',
  'lighting-color', 'marker', 'marker-end', 'marker-mid', 'marker-start', 'mask',
  'mix-blend-mode', 'opacity', 'overflow', 'paint-order', 'shape-rendering', 'stop-color',
  'stop-opacity', 'stroke', 'stroke-dasharray', 'stroke-dashoffset', 'stroke-linecap',
  'stroke-linejoin', 'stroke-miterlimit', 'stroke-opacity', 'stroke-width', 'text-anchor',
  'text-decoration', 'text-rendering', 'unicode-bidi', 'vector-effect', 'visibility',
  'word-spacing', 'writing-mode',
]);

/** `xml:space` changes how text whitespace renders and `xml:lang` which glyphs are used; `xml:base` is dropped. */
const ALLOWED_XML_ATTRIBUTES = new Set(['space', 'lang']);

const RASTER_DATA_URL = /^data:image\/(?:png|jpe?g|gif|webp)[;,]/i;
/** Illustrator writes embedded bitmaps as `data:;base64,…` with no media type. */
const UNTYPED_BASE64_DATA_URL = /^data:(?:application\/octet-stream)?;base64,/i;
/** Leading bytes of each allowed raster format, as Latin-1 text. */
const RASTER_SIGNATURES: [mediaType: string, test: (head: string) => boolean][] = [
  ['image/png', (head) => head.startsWith('\x89PNG')],
  ['image/jpeg', (head) => head.startsWith('\xff\xd8\xff')],
  ['image/gif', (head) => head.startsWith('GIF8')],
  ['image/webp', (head) => head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP'],
];
/** CSS functions that fetch a resource given a bare string; `url()` is handled separately. */
const FETCHING_CSS = /(?:image-set|image|cross-fade|src)\s*\(/i;
/**
 * Constructs that run code or import rules in some engine; and `<`, which no drawing's CSS needs and
 * which only serves to trick an HTML parser or serializer when the SVG is inlined in a page.
 */
const ACTIVE_CSS = /@import|expression\s*\(|javascript:|vbscript:|behavior\s*:|-moz-binding|\\|</i;
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*?))\s*\)/gi;
/** A `url(` left after neutralizing that isn't a fragment, e.g. unterminated (CSS still fetches those). */
const LEFTOVER_EXTERNAL_URL = /url\(\s*(?!['"]?\s*#)/i;

function isActiveCss(css: string): boolean {
  return ACTIVE_CSS.test(css) || FETCHING_CSS.test(css) || LEFTOVER_EXTERNAL_URL.test(css);
}

/**
 * `url()` references to anything but a fragment of this document become `none`, which keeps
 * `fill: url(http://...)` a valid declaration while making sure nothing is fetched.
 */
function neutralizeUrls(css: string): string {
  return css.replace(CSS_URL, (whole, doubleQuoted, singleQuoted, bare) => {
    const target = String(doubleQuoted ?? singleQuoted ?? bare ?? '').trim();
    return target.startsWith('#') ? whole : 'none';
  });
}

function stripCssComments(css: string): string {
  return css.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '');
}

/** Returns the safe part of a CSS value or declaration list, or null when nothing safe is left. */
function sanitizeCssDeclarations(css: string): string | null {
  const kept: string[] = [];
  for (const declaration of stripCssComments(css).split(';')) {
    const trimmed = declaration.trim();
    if (!trimmed || trimmed.startsWith('-inkscape')) continue;
    const safe = neutralizeUrls(trimmed);
    if (isActiveCss(safe)) continue;
    kept.push(safe);
  }
  return kept.length ? kept.join(';') : null;
}

/** A whole style sheet is dropped rather than partly parsed when it holds anything active. */
function sanitizeStyleSheet(css: string): string | null {
  const safe = neutralizeUrls(stripCssComments(css)).trim();
  if (!safe || isActiveCss(safe)) return null;
  return safe;
}

/**
 * Returns the href to keep, or null: `#fragment` anywhere; on image elements also a raster
 * `data:` URL, including an untyped one whose bytes are PNG, JPEG, GIF or WebP (it gets its type).
 */
function sanitizeHref(value: string, elementName: string): string | null {
  if (value.startsWith('#')) return value;
  if (!RASTER_HREF_ELEMENTS.has(elementName) || !value.startsWith('data:')) return null;
  // Base64 ignores whitespace, and editors wrap it at 76 columns.
  const dataUrl = value.replace(/\s+/g, '');
  if (RASTER_DATA_URL.test(dataUrl)) return dataUrl;
  const untyped = UNTYPED_BASE64_DATA_URL.exec(dataUrl);
  if (!untyped) return null;
  const payload = dataUrl.slice(untyped[0].length);
  let head: string;
  try {
    head = atob(payload.slice(0, 16));
  } catch {
    return null;
  }
  const mediaType = RASTER_SIGNATURES.find(([, test]) => test(head))?.[0];
  return mediaType ? `data:${mediaType};base64,${payload}` : null;
}

/** Animations may not retarget links, event handlers or styles (which could smuggle in a URL). */
function isSafeAnimation(tag: SaxesTagNS): boolean {
  const target = tag.attributes.attributeName?.value.trim().toLowerCase() ?? '';
  return !(target.startsWith('on') || target.endsWith('href') || target === 'style');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Returns the attribute as `name="value"` for output, or null to drop it. */
function sanitizeAttribute(attribute: SaxesAttributeNS, elementName: string): string | null {
  const { uri, local } = attribute;
  // Runs of whitespace never matter in these attributes; collapsing them shrinks path data a lot.
  const value = attribute.value.replace(/\s+/g, ' ').trim();
  let name: string;
  if (uri === '' && local === 'href') name = 'href';
  else if (uri === XLINK_NS && local === 'href') name = 'xlink:href';
  else if (uri === XML_NS && ALLOWED_XML_ATTRIBUTES.has(local)) name = `xml:${local}`;
  else if (uri === '' && ALLOWED_ATTRIBUTES.has(local)) name = local;
  else return null;

  if (name.endsWith('href')) {
    const href = sanitizeHref(value, elementName);
    return href === null ? null : `${name}="${escapeAttribute(href)}"`;
  }
  const safe = name === 'style' ? sanitizeCssDeclarations(value) : sanitizeAttributeValue(value);
  return safe === null ? null : `${name}="${escapeAttribute(safe)}"`;
}

/** Presentation attributes take CSS values (`fill="url(...)"`), so they get the same URL rules. */
function sanitizeAttributeValue(value: string): string | null {
  const safe = neutralizeUrls(value);
  return isActiveCss(safe) ? null : safe;
}

interface OpenElement {
  /** Output name, or null when this element and everything inside it is dropped. */
  name: string | null;
  keepsText: boolean;
}

/**
 * Returns a minimal, well-formed SVG (namespace declared on the root, no XML declaration,
 * DOCTYPE, comments or processing instructions, no whitespace between tags outside text).
 * Throws `InvalidSvgError` when the input is not well-formed XML with an `<svg>` root.
 */
export function sanitizeSvg(svgText: string): string {
  const parser = createSvgParser();
  const output: string[] = [];
  const stack: OpenElement[] = [];
  let sawRoot = false;
  let usesXlink = false;
  let rootIsUnnamespaced = false;
  let styleText = '';
  /** True right after an open tag was written, so an element closed now can be written `<x/>`. */
  let openTagPending = false;

  parser.on('opentag', (tag) => {
    const parent = stack[stack.length - 1];
    if (!sawRoot) {
      if (!isSvgRoot(tag)) throw new InvalidSvgError(`not an SVG document: root element is <${tag.name.slice(0, 40)}>`);
      sawRoot = true;
      rootIsUnnamespaced = tag.uri === '';
    }
    const inSvgNamespace = tag.uri === SVG_NS || (rootIsUnnamespaced && tag.uri === '' && tag.prefix === '');
    // Inside <style> only text counts: the sheet is sanitized and written as one text node.
    const keep =
      (parent === undefined || (parent.name !== null && parent.name !== 'style')) &&
      inSvgNamespace &&
      ALLOWED_ELEMENTS.has(tag.local) &&
      (!ANIMATION_ELEMENTS.has(tag.local) || isSafeAnimation(tag));
    if (!keep) {
      stack.push({ name: null, keepsText: false });
      return;
    }
    const name = tag.local === 'a' ? 'g' : tag.local;
    const attributes: string[] = [];
    for (const attribute of Object.values(tag.attributes)) {
      const sanitized = sanitizeAttribute(attribute, tag.local);
      if (sanitized === null) continue;
      if (sanitized.startsWith('xlink:')) usesXlink = true;
      attributes.push(sanitized);
    }
    output.push(`<${name}${attributes.map((attribute) => ` ${attribute}`).join('')}>`);
    openTagPending = true;
    stack.push({ name, keepsText: TEXT_ELEMENTS.has(name) });
    if (name === 'style') styleText = '';
  });

  const onText = (text: string) => {
    const current = stack[stack.length - 1];
    if (!current?.keepsText) return;
    if (current.name === 'style') {
      styleText += text;
    } else if (text) {
      output.push(escapeText(text));
      openTagPending = false;
    }
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.on('closetag', () => {
    const closed = stack.pop();
    if (!closed?.name) return;
    const css = closed.name === 'style' ? sanitizeStyleSheet(styleText) : null;
    if (css) {
      output.push(escapeText(css));
      openTagPending = false;
    }
    if (openTagPending) output[output.length - 1] = `${output[output.length - 1].slice(0, -1)}/>`;
    else output.push(`</${closed.name}>`);
    openTagPending = false;
  });

  parser.write(svgText).close();
  if (!sawRoot) throw new InvalidSvgError('not an SVG document: no root element');

  const namespaces = ` xmlns="${SVG_NS}"${usesXlink ? ` xmlns:xlink="${XLINK_NS}"` : ''}`;
  output[0] = output[0].replace(/^<svg/, `<svg${namespaces}`);
  return output.join('');
}
