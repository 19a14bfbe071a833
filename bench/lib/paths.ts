import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** An absolute path inside the repository, whatever directory the benchmark was started from. */
export function repoPath(relative: string): string {
  return join(REPO_ROOT, relative);
}
