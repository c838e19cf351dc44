import { describe, expect, it } from 'vitest';
import { InvalidSvgError } from '../../../core/media/sanitize-svg';
import { readSvgMetadata } from '../../../core/media/svg-metadata';

/** Shaped like the files in Debian's openclipart-svg: Inkscape namespaces, cc:Work, agents with their own dc:title. */
const OPENCLIPART_SAMPLE = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:cc="http://web.resource.org/cc/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns:sodipodi="http://inkscape.sourceforge.net/DTD/sodipodi-0.dtd" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
  width="268.661" height="199.426" sodipodi:docname="ragnetto incazzato.svg">
  <metadata>
    <rdf:RDF>
      <cc:Work rdf:about="">
        <dc:title>Ragnetto   incazzato</dc:title>
        <dc:description>An angry
          little spider &amp; its web</dc:description>
        <dc:subject>
          <rdf:Bag>
            <rdf:li>architetto francesco rollandin</rdf:li>
            <rdf:li>insect</rdf:li>
            <rdf:li></rdf:li>
            <rdf:li>insect</rdf:li>
            <rdf:li>spider web</rdf:li>
          </rdf:Bag>
        </dc:subject>
        <dc:publisher><cc:Agent rdf:about="http://www.openclipart.org/"><dc:title>Open Clip Art Library</dc:title></cc:Agent></dc:publisher>
        <dc:creator><cc:Agent><dc:title>Architetto Francesco Rollandin</dc:title></cc:Agent></dc:creator>
        <dc:rights><cc:Agent><dc:title>Architetto Francesco Rollandin</dc:title></cc:Agent></dc:rights>
        <dc:date></dc:date>
        <dc:format>image/svg+xml</dc:format>
        <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/>
        <cc:license rdf:resource="http://web.resource.org/cc/PublicDomain"/>
      </cc:Work>
    </rdf:RDF>
  </metadata>
  <sodipodi:namedview id="base" pagecolor="#ffffff"/>
  <title>Layer title that must not win</title>
  <path d="M0 0h10v10z"/>
</svg>`;

describe('readSvgMetadata', () => {
  it('reads the work title, description and keywords, not the agents’ names', () => {
    expect(readSvgMetadata(OPENCLIPART_SAMPLE)).toEqual({
      title: 'Ragnetto incazzato',
      description: 'An angry little spider & its web',
      keywords: ['architetto francesco rollandin', 'insect', 'spider web'],
      creator: 'Architetto Francesco Rollandin',
    });
  });

  it('reads a subject written as one comma-separated string', () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
      '<metadata><dc:title>Lighthouse</dc:title><dc:subject>sea, coast ; tower</dc:subject></metadata></svg>';
    expect(readSvgMetadata(svg).keywords).toEqual(['sea', 'coast', 'tower']);
  });

  it('falls back to the root <title> and <desc> when there is no Dublin Core metadata', () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg"><title> Red  apple </title><desc>A shiny apple</desc>' +
      '<g><title>Nested title, ignored</title></g></svg>';
    expect(readSvgMetadata(svg)).toEqual({ title: 'Red apple', description: 'A shiny apple', keywords: [], creator: '' });
  });

  it('prefers a non-empty Dublin Core title over <title>, and falls back when it is empty', () => {
    const withEmptyDc =
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
      '<title>Fallback</title><metadata><dc:title>  </dc:title></metadata></svg>';
    expect(readSvgMetadata(withEmptyDc).title).toBe('Fallback');
  });

  it('returns empty fields for an SVG without any metadata', () => {
    expect(readSvgMetadata('<svg width="1" height="1"/>')).toEqual({ title: '', description: '', keywords: [], creator: '' });
  });

  it('rejects what sanitizeSvg rejects', () => {
    expect(() => readSvgMetadata('<html/>')).toThrow(InvalidSvgError);
    expect(() =>
      readSvgMetadata('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><title>&x;</title></svg>'),
    ).toThrow(InvalidSvgError);
  });
});
