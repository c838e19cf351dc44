import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TAR_BLOCK, tarArchive, tarHeader, tarStream } from '../../../core/judgment-exchange/tar';

const hasTar = (() => {
  try {
    execFileSync('tar', ['--version']);
    return true;
  } catch {
    console.warn('!!! no `tar` on PATH: the check that tar reads our archives is SKIPPED !!!');
    return false;
  }
})();

describe('tar archives', () => {
  const files = [
    { name: 'export/train.txt', data: Buffer.from('1 qid:1 1:0.5\n'), mtime: 1_700_000_000 },
    { name: 'export/empty.txt', data: Buffer.alloc(0) },
    { name: 'export/block.bin', data: Buffer.alloc(TAR_BLOCK, 7) },
  ];

  it('lays out header, content padded to whole blocks, and two zero blocks at the end', () => {
    const archive = tarArchive(files);
    expect(archive.length).toBe(TAR_BLOCK * (2 + 1 + 2 + 2));
    expect(archive.subarray(0, 16).toString('utf8')).toBe('export/train.txt');
    expect(archive.subarray(257, 263).toString('ascii')).toBe('ustar\0');
    expect(archive.subarray(124, 135).toString('ascii')).toBe((14).toString(8).padStart(11, '0'));
    expect(archive.subarray(TAR_BLOCK, TAR_BLOCK + 14).toString('utf8')).toBe('1 qid:1 1:0.5\n');
    expect(archive.subarray(archive.length - 2 * TAR_BLOCK).every((byte) => byte === 0)).toBe(true);
  });

  it('checksums each header as ustar does: the sum of its bytes with the checksum field as spaces', () => {
    const header = tarHeader({ name: 'a.txt', size: 3, mtime: 0 });
    const stored = parseInt(header.subarray(148, 154).toString('ascii'), 8);
    const blanked = Buffer.from(header);
    blanked.write('        ', 148, 'ascii');
    expect(stored).toBe(blanked.reduce((sum, byte) => sum + byte, 0));
  });

  it('refuses names a ustar header cannot hold or that leave the archive', () => {
    expect(() => tarHeader({ name: 'x'.repeat(101), size: 0, mtime: 0 })).toThrow(/1–100 bytes/);
    expect(() => tarHeader({ name: '../etc/passwd', size: 0, mtime: 0 })).toThrow(/inside the archive/);
    expect(() => tarHeader({ name: '/abs', size: 0, mtime: 0 })).toThrow(/inside the archive/);
  });

  it('streams the same bytes it builds in memory', async () => {
    const chunks: Buffer[] = [];
    const streamed = tarStream(
      files.map((file) => ({
        name: file.name,
        size: file.data.length,
        mtime: file.mtime ?? 0,
        read: async function* () {
          yield file.data;
        },
      })),
    );
    for await (const chunk of streamed) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(tarArchive(files))).toBe(true);
  });

  it.skipIf(!hasTar)('is read back by tar with the same names and contents', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relwb-tar-'));
    const file = path.join(dir, 'a.tar');
    fs.writeFileSync(file, tarArchive(files));
    expect(execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n')).toEqual(files.map((entry) => entry.name));
    execFileSync('tar', ['-xf', file, '-C', dir]);
    for (const entry of files) expect(fs.readFileSync(path.join(dir, entry.name)).equals(entry.data)).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
