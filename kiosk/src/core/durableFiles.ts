import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Makes a rename in `directory` durable: the directory entry itself must reach the disk. */
export async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === 'win32') return; // NTFS journals its metadata, and a directory cannot be opened to fsync.
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces a file all at once: written to a temporary file with its final
 * permissions, fsync'd, renamed over the old one. A crash leaves the old file
 * or the new one, never half of either.
 */
export async function writeFileDurably(path: string, content: string, mode = 0o644): Promise<void> {
  const temporary = `${path}.writing`;
  const handle = await open(temporary, 'w', mode);
  try {
    await handle.chmod(mode); // open's mode passes through the umask; this does not.
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
  await syncDirectory(dirname(path));
}
