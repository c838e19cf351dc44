import { describe, expect, it } from 'vitest';
import { activeParts, sanitizedOrRefused, XSS_PAYLOADS } from '../../helpers/svg-xss-corpus';

describe('sanitizeSvg against the XSS corpus (tests/fixtures/svg-xss/payloads.json)', () => {
  it('holds at least 51 distinct payloads', () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(51);
    expect(new Set(XSS_PAYLOADS.map((payload) => payload.id)).size).toBe(XSS_PAYLOADS.length);
    expect(new Set(XSS_PAYLOADS.map((payload) => payload.svg)).size).toBe(XSS_PAYLOADS.length);
  });

  it('finds the active parts of every payload as written (the check below can fail)', () => {
    // Inert once parsed: it tests that the output's escaping holds, which the Chromium test checks.
    const escapingOnly = new Set(['attribute-quote-breakout']);
    const unnoticed = XSS_PAYLOADS.filter((payload) => {
      if (escapingOnly.has(payload.id)) return false;
      try {
        return activeParts(payload.svg).length === 0;
      } catch {
        return false; // not well-formed: the sanitizer refuses it, see below
      }
    });
    expect(unnoticed.map((payload) => payload.id)).toEqual([]);
  });

  it.each(XSS_PAYLOADS)('$id ($vector): refused, or sanitized to an SVG with nothing active', (payload) => {
    const sanitized = sanitizedOrRefused(payload);
    if (sanitized !== null) expect(activeParts(sanitized)).toEqual([]);
  });
});
