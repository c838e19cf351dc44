import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

/** Checks the committed "Pins demo" bundle built by datasets/pins/build-pins.ts. */
const PINS_DIR = fileURLToPath(new URL('../../../datasets/pins/', import.meta.url));
const MAX_PINS = 1500;
const MAX_TOTAL_BYTES = 15_000_000;
const MAX_BOARD_SHARE = 0.15;

const pinSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  title: z.string().trim().min(1),
  description: z.string(),
  tags: z.array(z.string().min(1).refine((tag) => tag === tag.toLowerCase().trim(), 'tags are trimmed and lowercase')),
  board: z.string().min(1),
  subcategory: z.string().min(1).optional(),
  image: z.string().regex(/^images\/[a-z0-9-]+\.svg$/),
  width: z.number().positive().optional(),
  height: z.number().positive().optional(),
  source: z.string().regex(/^[^/].*\.svg$/i),
  license: z.literal('public domain (Open Clip Art Library)'),
});

type Pin = z.infer<typeof pinSchema>;

function readPins(): Pin[] {
  const lines = fs.readFileSync(path.join(PINS_DIR, 'pins.jsonl'), 'utf8').split('\n').filter((line) => line !== '');
  return lines.map((line, index) => {
    const parsed = pinSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`pins.jsonl:${index + 1}: ${parsed.error.message}`);
    return parsed.data;
  });
}

describe('pins demo bundle', () => {
  const pins = readPins();

  it('has at most 1500 pins, each valid', () => {
    expect(pins.length).toBeGreaterThan(0);
    expect(pins.length).toBeLessThanOrEqual(MAX_PINS);
  });

  it('has unique ids, each naming its own image, and unique tags per pin', () => {
    expect(new Set(pins.map((pin) => pin.id)).size).toBe(pins.length);
    for (const pin of pins) {
      expect(pin.image).toBe(`images/${pin.id}.svg`);
      expect(new Set(pin.tags).size).toBe(pin.tags.length);
    }
  });

  it('has an inert SVG image for every pin and no stray files', () => {
    const images = fs.readdirSync(path.join(PINS_DIR, 'images')).sort();
    expect(images).toEqual(pins.map((pin) => path.basename(pin.image)).sort());
    for (const pin of pins) {
      const svg = fs.readFileSync(path.join(PINS_DIR, pin.image), 'utf8');
      expect(svg, pin.image).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg, pin.image).not.toMatch(/<script/i);
      expect(svg, pin.image).not.toMatch(/\son\w+=/i);
      expect(svg, pin.image).not.toMatch(/href="(?!#|data:image\/(?:png|jpe?g|gif|webp)[;,])/i);
      expect(svg, pin.image).not.toMatch(/javascript:|<foreignObject|<!DOCTYPE|<!ENTITY/i);
    }
  });

  it('fits in 15 MB, images and metadata together', () => {
    const files = ['pins.jsonl', 'SOURCE.md', ...pins.map((pin) => pin.image)];
    const totalBytes = files.reduce((sum, file) => sum + fs.statSync(path.join(PINS_DIR, file)).size, 0);
    expect(totalBytes).toBeLessThanOrEqual(MAX_TOTAL_BYTES);
  });

  it('lets no board hold more than 15% of pins', () => {
    const perBoard = new Map<string, number>();
    for (const pin of pins) perBoard.set(pin.board, (perBoard.get(pin.board) ?? 0) + 1);
    for (const [board, count] of perBoard) {
      expect(count / pins.length, board).toBeLessThanOrEqual(MAX_BOARD_SHARE);
    }
  });
});
