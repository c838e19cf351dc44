import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImportableImage, copyImportedImage, ImageRefusedError } from '../../../core/media/image-import';
import { mediaFileForUrlPath } from '../../../core/media/media-file';
import { TINY_PNG } from '../../helpers/image-bytes';
import { useTempDirs } from '../../helpers/temp-dir';

describe('mediaFileForUrlPath (the desktop shell’s media protocol)', () => {
  const tempDir = useTempDirs();

  it('answers only regular image files inside the media folder, typed by the real file', () => {
    const root = tempDir();
    const outside = tempDir();
    fs.mkdirSync(path.join(root, 'ds'));
    fs.writeFileSync(path.join(root, 'ds', 'a b.png'), TINY_PNG);
    fs.writeFileSync(path.join(root, 'ds', 'page.html'), '<script>alert(1)</script>');
    fs.writeFileSync(path.join(outside, 'secret.png'), 'secret');
    fs.symlinkSync(path.join(outside, 'secret.png'), path.join(root, 'ds', 'secret.png'));
    fs.symlinkSync(path.join(root, 'ds', 'page.html'), path.join(root, 'ds', 'page-as.png'));
    fs.mkdirSync(path.join(root, 'ds', 'folder.png'));

    expect(mediaFileForUrlPath(root, '/ds/a%20b.png')).toEqual({ file: fs.realpathSync(path.join(root, 'ds', 'a b.png')), contentType: 'image/png' });
    for (const urlPath of ['/ds/page.html', '/ds/secret.png', '/ds/folder.png', '/ds/%ff', '/../' + path.basename(outside) + '/secret.png', '/ds/nope.png']) {
      expect(mediaFileForUrlPath(root, urlPath), urlPath).toBeNull();
    }
    // A .png name linked to an HTML file inside the folder is typed by the file it leads to, so not served.
    expect(mediaFileForUrlPath(root, '/ds/page-as.png')).toBeNull();
  });
});

describe('importing images', () => {
  const tempDir = useTempDirs();
  const SIGNATURES: Record<string, Buffer> = {
    'a.png': TINY_PNG,
    'a.jpg': Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]),
    'a.jpeg': Buffer.from([0xff, 0xd8, 0xff, 0xdb]),
    'a.gif': Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'),
    'a.webp': Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'),
    'a.avif': Buffer.from('\x00\x00\x00\x20ftypmif1\x00\x00\x00\x00mif1avifmiaf', 'latin1'),
    'a.bmp': Buffer.from('BM\x3a\x00\x00\x00', 'latin1'),
  };

  it('accepts each image type by its leading bytes, and refuses another type’s bytes under its name', () => {
    const root = tempDir();
    for (const [name, bytes] of Object.entries(SIGNATURES)) {
      fs.writeFileSync(path.join(root, name), bytes);
      expect(() => checkImportableImage(root, name), name).not.toThrow();
      const impostor = `not-${name}`;
      fs.writeFileSync(path.join(root, impostor), name.endsWith('.png') ? SIGNATURES['a.gif'] : TINY_PNG);
      expect(() => checkImportableImage(root, impostor), impostor).toThrow(ImageRefusedError);
    }
    fs.writeFileSync(path.join(root, 'empty.png'), '');
    expect(() => checkImportableImage(root, 'empty.png')).toThrow('is not a PNG image');
  });

  it('copies bytes as read, sanitizes SVG, and refuses an SVG that is not UTF-8', () => {
    const root = tempDir();
    const out = tempDir();
    fs.writeFileSync(path.join(root, 'a.png'), TINY_PNG);
    copyImportedImage(root, 'a.png', path.join(out, 'x', 'a.png'));
    expect(fs.readFileSync(path.join(out, 'x', 'a.png'))).toEqual(TINY_PNG);
    fs.writeFileSync(path.join(root, 'a.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="1"/></svg>');
    copyImportedImage(root, 'a.svg', path.join(out, 'a.svg'));
    expect(fs.readFileSync(path.join(out, 'a.svg'), 'utf8')).not.toContain('script');
    fs.writeFileSync(path.join(root, 'latin.svg'), Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><title>caf\xe9</title></svg>', 'latin1'));
    expect(() => copyImportedImage(root, 'latin.svg', path.join(out, 'latin.svg'))).toThrow('is not UTF-8 text');
    expect(fs.existsSync(path.join(out, 'latin.svg'))).toBe(false);
  });

  it('says a missing image is missing', () => {
    expect(() => checkImportableImage(tempDir(), 'gone.png')).toThrow(expect.objectContaining({ missing: true, message: 'does not exist' }));
  });
});
