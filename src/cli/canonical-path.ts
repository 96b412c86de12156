import { realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The database's path with symbolic links resolved (of the file, else of its
 * folder when the file does not exist yet). The lock (`<db>.lock`) and the
 * hash key (`<db>.hash-key`) are found beside this path: through a link they
 * would be other files, and a second server on the same data would be let in.
 * A path whose folder does not exist either is returned as given.
 */
export function canonicalPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    try {
      return join(realpathSync(dirname(file)), basename(file));
    } catch {
      return file;
    }
  }
}
