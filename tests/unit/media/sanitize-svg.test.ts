import { describe, expect, it } from 'vitest';
import { SaxesParser } from 'saxes';
import { InvalidSvgError, sanitizeSvg } from '../../../core/media/sanitize-svg';

const SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">';

function wrap(body: string): string {
  return `${SVG_OPEN}${body}</svg>`;
}

/** Throws if the output is not well-formed, namespace-correct XML. */
function expectWellFormed(svg: string): void {
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(svg).close();
}

function expectInert(svg: string): void {
  expectWellFormed(svg);
  expect(svg).not.toMatch(/<script/i);
  expect(svg).not.toMatch(/\son\w+=/i);
  expect(svg).not.toMatch(/javascript:/i);
  expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/(2000\/svg|1999\/xlink)")/i);
  expect(svg).not.toMatch(/<(foreignObject|iframe|object|embed|audio|video)\b/i);
}

describe('sanitizeSvg: hostile input is neutralised', () => {
  it('drops script elements, including CDATA and namespaced ones', () => {
    const svg = sanitizeSvg(
      wrap(
        '<script>alert(1)</script><script type="text/ecmascript"><![CDATA[alert(2)]]></script>' +
          '<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(3)</svg:script><rect width="1" height="1"/>',
      ),
    );
    expectInert(svg);
    expect(svg).not.toContain('alert');
    expect(svg).toContain('<rect width="1" height="1"/>');
  });

  it('drops every on* event attribute', () => {
    const svg = sanitizeSvg(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><g onclick="x()" ONMOUSEOVER="y()"><circle r="2" onerror="z()"/></g></svg>',
    );
    expectInert(svg);
    expect(svg).toBe('<svg xmlns="http://www.w3.org/2000/svg"><g><circle r="2"/></g></svg>');
  });

  it('drops javascript: and external links, and turns <a> into a plain group', () => {
    const svg = sanitizeSvg(
      wrap(
        '<a xlink:href="javascript:alert(1)"><rect width="1" height="1"/></a>' +
          '<a href="https://evil.example/"><circle r="1"/></a>' +
          '<use href=" javascript:alert(2)"/><use xlink:href="other.svg#icon"/>',
      ),
    );
    expectInert(svg);
    expect(svg).not.toContain('<a');
    expect(svg).not.toContain('href');
    expect(svg).toContain('<g><rect width="1" height="1"/></g><g><circle r="1"/></g>');
  });

  it('drops external and non-raster images but keeps raster data: URLs', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const svg = sanitizeSvg(
      wrap(
        '<image xlink:href="http://evil.example/track.png" width="1" height="1"/>' +
          '<image href="file:///etc/passwd"/>' +
          '<image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/>' +
          '<image href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"/>' +
          `<image xlink:href="${png}" width="2" height="2"/>`,
      ),
    );
    expectInert(svg);
    expect(svg).not.toMatch(/svg\+xml|text\/html|passwd|track\.png/);
    expect(svg).toContain(`<image xlink:href="${png}" width="2" height="2"/>`);
  });

  it('types an untyped base64 image by its bytes, as Illustrator writes them, and drops it unless raster', () => {
    const pngBase64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const svgBase64 = btoa('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const svg = sanitizeSvg(
      wrap(
        `<image xlink:href="data:;base64,${pngBase64.slice(0, 40)}\n  ${pngBase64.slice(40)}"/>` +
          `<image xlink:href="data:;base64,${svgBase64}"/><image href="data:;base64,%%%"/>`,
      ),
    );
    expectInert(svg);
    expect(svg).toContain(`<image xlink:href="data:image/png;base64,${pngBase64}"/><image/><image/>`);
  });

  it('drops foreignObject with HTML inside, and other embedding elements', () => {
    const svg = sanitizeSvg(
      wrap(
        '<foreignObject width="10" height="10"><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="http://evil.example"/>' +
          '<img src="x" onerror="alert(1)"/></body></foreignObject>' +
          '<iframe src="http://evil.example"/><object data="http://evil.example"/><embed src="x.swf"/>' +
          '<audio src="http://evil.example/a.mp3"/><video src="http://evil.example/v.mp4"/>',
      ),
    );
    expectInert(svg);
    expect(svg).toBe('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>');
  });

  it('drops animations that retarget links, handlers or styles, keeping harmless ones', () => {
    const svg = sanitizeSvg(
      wrap(
        '<a><set attributeName="href" to="javascript:alert(1)"/>' +
          '<animate attributeName="xlink:href" values="javascript:alert(2)"/>' +
          '<set attributeName="onmouseover" to="alert(3)"/>' +
          '<animate attributeName="style" to="fill:url(http://evil.example/#x)"/>' +
          '<circle r="1"><animate attributeName="r" from="1" to="3" dur="2s"/></circle></a>',
      ),
    );
    expectInert(svg);
    expect(svg).not.toContain('<set');
    expect(svg).toContain('<animate attributeName="r" from="1" to="3" dur="2s"/>');
  });

  it('neutralises external url() in style attributes, presentation attributes and style sheets', () => {
    const svg = sanitizeSvg(
      wrap(
        '<style>@import url(http://evil.example/a.css); rect { fill: red }</style>' +
          '<style><![CDATA[ .a { fill: url("http://evil.example/p.svg#g") } .b { fill: url(#ok) } ]]></style>' +
          '<rect style="fill:url(https://evil.example/x.svg#p);stroke:blue;background:expression(alert(1))" width="1" height="1"/>' +
          '<rect fill="url(//evil.example/x#p)" stroke="url(#grad)" width="2" height="2"/>' +
          '<rect style="fill:u\\72l(http://evil.example/)" width="3" height="3"/>' +
          '<rect style="fill:url(http://evil.example/unterminated" width="4" height="4"/>' +
          '<rect style="background:image-set(&quot;http://evil.example/i.png&quot; 1x)" width="5" height="5"/>',
      ),
    );
    expectInert(svg);
    expect(svg).not.toMatch(/@import|expression|evil/);
    expect(svg).toContain('<style>.a { fill: none } .b { fill: url(#ok) }</style>');
    expect(svg).toContain('<rect style="fill:none;stroke:blue" width="1" height="1"/>');
    expect(svg).toContain('<rect fill="none" stroke="url(#grad)" width="2" height="2"/>');
    expect(svg).toContain('<rect width="3" height="3"/>');
    expect(svg).toContain('<rect width="4" height="4"/>');
    expect(svg).toContain('<rect width="5" height="5"/>');
  });

  it('rejects entity declarations it would have to expand (XXE, billion laughs)', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      '<svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>';
    expect(() => sanitizeSvg(xxe)).toThrow(InvalidSvgError);
    expect(() => sanitizeSvg(xxe)).toThrow(/undefined entity/);

    const laughs =
      '<!DOCTYPE svg [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
      '<svg xmlns="http://www.w3.org/2000/svg"><text>&lol3;</text></svg>';
    const started = performance.now();
    expect(() => sanitizeSvg(laughs)).toThrow(InvalidSvgError);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('strips a DOCTYPE whose entities are never used, as Illustrator writes them', () => {
    const svg = sanitizeSvg(
      '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.0//EN" ' +
        '"http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd" [<!ENTITY ns_svg "http://www.w3.org/2000/svg">]>' +
        '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0L1 1"/></svg>',
    );
    expect(svg).toBe('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0L1 1"/></svg>');
  });

  it('drops processing instructions and comments, which could load style sheets or hide markup', () => {
    const svg = sanitizeSvg(
      '<?xml-stylesheet href="http://evil.example/s.css"?><!-- <script>alert(1)</script> -->' +
        '<svg xmlns="http://www.w3.org/2000/svg"><!-- note --><rect width="1" height="1"/></svg>',
    );
    expect(svg).toBe('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>');
  });

  it('decodes character references before checking, so encoded schemes are caught', () => {
    const svg = sanitizeSvg(
      wrap('<a xlink:href="&#106;avascript:alert(1)"><use href="&#x68;ttp://evil.example/#x"/></a>'),
    );
    expectInert(svg);
    expect(svg).not.toContain('href');
  });
});

describe('sanitizeSvg: benign drawing survives', () => {
  it('keeps shapes, gradients, #fragment references, <use href>, text and presentation attributes', () => {
    const input = wrap(
      '<defs><linearGradient id="g1" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#fff"/>' +
        '<stop offset="1" style="stop-color:#000;stop-opacity:0.5"/></linearGradient>' +
        '<radialGradient id="g2" xlink:href="#g1" cx="5" cy="5" r="5" gradientUnits="userSpaceOnUse"/>' +
        '<clipPath id="c"><circle cx="5" cy="5" r="4"/></clipPath>' +
        '<filter id="f"><feGaussianBlur stdDeviation="0.5"/></filter>' +
        '<symbol id="s" viewBox="0 0 2 2"><path d="M0 0 L2 2"/></symbol></defs>' +
        '<g transform="translate(1 1)" clip-path="url(#c)" filter="url(#f)">' +
        '<rect width="8" height="8" fill="url(#g2)" stroke="#333" stroke-width="0.2"/>' +
        '<use href="#s" width="2" height="2"/><use xlink:href="#s" x="3"/>' +
        '<polygon points="0,0 1,0 1,1"/><ellipse cx="1" cy="1" rx="1" ry="0.5" opacity="0.5"/>' +
        '<text x="1" y="9" font-family="Sans" xml:space="preserve"><tspan>A &amp; B</tspan> <tspan>C&lt;D</tspan></text></g>',
    );
    const svg = sanitizeSvg(input);
    expectWellFormed(svg);
    expect(svg).toBe(input.replace(SVG_OPEN, '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'));
  });

  it('drops editor metadata and namespaced attributes, and whitespace between tags', () => {
    const svg = sanitizeSvg(
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"' +
        ' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"' +
        ' width="20" height="10" sodipodi:docname="a.svg" inkscape:version="0.92" version="1.1">\n' +
        '  <metadata><rdf:RDF><rdf:Description/></rdf:RDF></metadata>\n' +
        '  <sodipodi:namedview pagecolor="#fff"/>\n' +
        '  <g inkscape:label="Layer 1" inkscape:groupmode="layer">\n' +
        '    <path d="M 0,0\n      L 10,10" sodipodi:nodetypes="cc" style="fill:none;-inkscape-font-specification:Sans"/>\n' +
        '  </g>\n</svg>\n',
    );
    expect(svg).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><g><path d="M 0,0 L 10,10" style="fill:none"/></g></svg>',
    );
  });

  it('accepts an <svg> root without a namespace and adds it', () => {
    expect(sanitizeSvg('<svg width="4" height="4"><rect width="4" height="4"/></svg>')).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>',
    );
  });

  it('drops elements whose prefix was never declared instead of failing', () => {
    expect(sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg"><foo:bar/><rect foo:x="1" width="1"/></svg>')).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>',
    );
  });
});

describe('sanitizeSvg: invalid input', () => {
  it.each([
    ['empty text', ''],
    ['plain text', 'hello'],
    ['HTML', '<html><body><svg xmlns="http://www.w3.org/2000/svg"/></body></html>'],
    ['an svg element in another namespace', '<svg xmlns="http://example.com/other"/>'],
    ['unclosed tags', '<svg xmlns="http://www.w3.org/2000/svg"><g>'],
    ['mismatched tags', '<svg xmlns="http://www.w3.org/2000/svg"><g></rect></svg>'],
    ['two roots', '<svg xmlns="http://www.w3.org/2000/svg"/><svg xmlns="http://www.w3.org/2000/svg"/>'],
  ])('throws InvalidSvgError for %s', (_label, input) => {
    expect(() => sanitizeSvg(input)).toThrow(InvalidSvgError);
  });

  it('says what is wrong', () => {
    expect(() => sanitizeSvg('<html/>')).toThrow('not an SVG document: root element is <html>');
    expect(() => sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg"><g>')).toThrow(/^malformed SVG: /);
  });
});
