import fs from 'node:fs';

/** Writes a file piece by piece through a small buffer, so large exports never become one string. */
export class LineSink {
  private readonly fd: number;
  private buffered: string[] = [];
  private size = 0;
  lines = 0;

  constructor(
    readonly file: string,
    private readonly onLine: () => void = () => undefined,
  ) {
    this.fd = fs.openSync(file, 'w');
  }

  write(text: string): void {
    this.buffered.push(text);
    this.size += text.length;
    this.lines++;
    this.onLine();
    if (this.size > 1 << 16) this.flush();
  }

  private flush(): void {
    if (this.buffered.length > 0) fs.writeSync(this.fd, this.buffered.join(''));
    this.buffered = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** Opens `file`, hands the sink to `write`, and closes it even when writing fails; `onLine` hears every line written. */
export function writeFileWith(file: string, write: (sink: LineSink) => void, onLine?: () => void): number {
  const sink = new LineSink(file, onLine);
  try {
    write(sink);
  } finally {
    sink.close();
  }
  return sink.lines;
}
