/**
 * A minimal uncompressed tar (POSIX ustar) of plain files, for downloading a split export as one file.
 * Pure: headers and padding are computed from the entries' names and sizes; contents come as given.
 */

export const TAR_BLOCK = 512;

export interface TarEntry {
  /** A relative path of at most 100 bytes, `/`-separated. */
  name: string;
  size: number;
  /** Seconds since the epoch. */
  mtime: number;
}

const octal = (value: number, width: number) => `${value.toString(8).padStart(width - 1, '0')}\0`;

/** One file's 512-byte ustar header. Refuses names a plain ustar header cannot hold, or that would escape the folder. */
export function tarHeader(entry: TarEntry): Buffer {
  const name = Buffer.from(entry.name, 'utf8');
  if (name.length === 0 || name.length > 100) throw new Error(`tar entry name must be 1–100 bytes: "${entry.name}"`);
  if (entry.name.startsWith('/') || entry.name.split('/').includes('..')) throw new Error(`tar entry name must be a relative path inside the archive: "${entry.name}"`);
  if (!Number.isInteger(entry.size) || entry.size < 0 || entry.size >= 8 ** 11) throw new Error(`tar entry "${entry.name}": size ${entry.size} does not fit a ustar header`);
  const header = Buffer.alloc(TAR_BLOCK, 0);
  name.copy(header, 0);
  header.write(octal(0o644, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(entry.size, 12), 124, 'ascii');
  header.write(octal(Math.max(0, Math.floor(entry.mtime)), 12), 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write('0', 156, 'ascii');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

/** The zeros that pad a file's content to a whole block. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK, 0);
}

/** The two zero blocks that end an archive. */
export const TAR_END = Buffer.alloc(2 * TAR_BLOCK, 0);

/** A whole archive of in-memory files. */
export function tarArchive(files: readonly { name: string; data: Buffer; mtime?: number }[]): Buffer {
  const parts = files.flatMap((file) => [tarHeader({ name: file.name, size: file.data.length, mtime: file.mtime ?? 0 }), file.data, tarPadding(file.data.length)]);
  return Buffer.concat([...parts, TAR_END]);
}

/** Chunks of an archive of files read as they go (each file's size must not change while it is read). */
export async function* tarStream(files: readonly { name: string; size: number; mtime: number; read: () => AsyncIterable<Buffer> }[]): AsyncGenerator<Buffer> {
  for (const file of files) {
    yield tarHeader(file);
    let read = 0;
    for await (const chunk of file.read()) {
      read += chunk.length;
      yield chunk;
    }
    if (read !== file.size) throw new Error(`tar entry "${file.name}" changed size while it was read (${file.size} → ${read} bytes)`);
    const padding = tarPadding(file.size);
    if (padding.length > 0) yield padding;
  }
  yield TAR_END;
}
