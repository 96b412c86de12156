import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HotlineError } from '../errors.js';

/** The files `hotline kpis --out DIR` writes, by name. */
export interface KpisOutFiles {
  readonly 'index.html': string;
  readonly 'kpis.json': string;
  readonly 'kpis.csv': string;
}

/**
 * Checks `--out`'s folder before any record is read: an existing file (or anything but a folder) is refused
 * with HOTLINE_FILE_ACCESS; a missing folder is created (with its parents). Returns the path.
 */
export function prepareOutDir(dir: string): string {
  if (existsSync(dir) && !statSync(dir).isDirectory())
    throw new HotlineError(
      'HOTLINE_FILE_ACCESS',
      `--out ${dir} exists and is not a folder; name a folder (it is created when missing) or move the file away.`,
    );
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes the report's files into `dir` (overwriting earlier ones); returns their paths. */
export function writeKpisOut(dir: string, files: KpisOutFiles): string[] {
  return Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}
