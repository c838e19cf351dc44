/** Saves a blob as a file through the browser: an object URL on a temporary link, revoked once the save has begun. */
export function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // A large blob is still being read when click() returns; a minute is ample for the browser to take it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
