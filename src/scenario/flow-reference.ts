import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { HotlineError } from '../errors.js';
import { FLOWS_DIR, shippedFlows } from './load-flow.js';

/** What a flow id looks like: a file name in the flows directory, without extension. */
export const FLOW_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

const FLOW_EXTENSIONS = ['.ts', '.js', '.mjs'] as const;

/**
 * How flows named by data files (a scenario's `flow:`, a recording's
 * `flowId`) are found. Flow files are code: a data file may name one only by
 * id, looked up in `flowsDir`, unless the user allowed paths on the command line.
 */
export interface FlowReferenceOptions {
  /** The folder flow ids are looked up in (absolute); default: the shipped `flows/`. */
  readonly flowsDir?: string;
  /** `--allow-flow-paths`: a data file may name a flow file by path, taken relative to the data file. */
  readonly allowPaths?: boolean;
}

/** Where a data file names its flow, for error messages, e.g. `scenarios/city.yaml:3:7: flow`. */
export interface FlowReferenceOrigin {
  /** The data file (its directory anchors relative paths). */
  readonly file: string;
  /** file:line:col and field, as the message should say it. */
  readonly where: string;
}

/** A URL, not a file path: `file:`, `data:`, `http:`… (a Windows drive letter `C:\` is a path). */
function isUrl(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(ref);
}

function describe(ref: string): string {
  if (isUrl(ref)) return 'is a URL';
  if (isAbsolute(ref) || /^[a-z]:[\\/]/i.test(ref)) return 'is an absolute path';
  if (/[\\/]/.test(ref) || ref.includes('..') || /\.[cm]?[jt]s$/i.test(ref)) return 'is a file path';
  return 'is not a flow id';
}

/**
 * The `--flows DIR` option, checked: the absolute folder, or undefined for
 * the shipped `flows/`. A missing folder is a HOTLINE_FILE_ACCESS.
 */
export function flowsDirOption(dir: string | undefined, cwd: string): string | undefined {
  if (dir === undefined) return undefined;
  const abs = resolve(cwd, dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new HotlineError(
      'HOTLINE_FILE_ACCESS',
      `--flows ${dir}: no such folder (${abs}); give the folder that holds your flow files.`,
    );
  }
  return abs;
}

/**
 * Resolves a flow named by a data file to the file that defines it, without
 * running anything. An id (`FLOW_ID_PATTERN`) is looked up in the flows
 * directory; anything else (a path, `..`, a `.ts`/`.js` name, an absolute
 * path, a URL) is refused with HOTLINE_FLOW_PATH_REFUSED, unless
 * `allowPaths`: then a path (never a URL) is taken relative to the data
 * file. Returns the absolute file.
 */
export function resolveFlowReference(
  ref: string,
  origin: FlowReferenceOrigin,
  options: FlowReferenceOptions = {},
): string {
  const dir = options.flowsDir ?? FLOWS_DIR;
  if (FLOW_ID_PATTERN.test(ref)) {
    for (const ext of FLOW_EXTENSIONS) {
      const file = join(dir, ref + ext);
      if (existsSync(file)) return file;
    }
    const known = existsSync(dir) ? shippedFlows(dir) : [];
    throw new HotlineError(
      'HOTLINE_FLOW_NOT_FOUND',
      `${origin.where}: no flow "${ref}" in ${dir} (it has: ${known.join(', ') || 'none'}); put ${ref}.ts there, or pass --flows DIR for another folder.`,
    );
  }
  const shown = JSON.stringify(ref.length > 80 ? `${ref.slice(0, 80)}…` : ref);
  if (!options.allowPaths || isUrl(ref)) {
    const how =
      isUrl(ref) && options.allowPaths
        ? 'give a file path instead'
        : `name the flow by id (lowercase letters, digits, '-'; e.g. hotline-12345-direct) and keep its file in ${dir} (or pass --flows DIR), or pass --allow-flow-paths if you trust this file`;
    throw new HotlineError(
      'HOTLINE_FLOW_PATH_REFUSED',
      `${origin.where}: ${shown} ${describe(ref)}; data files may not name code to run: ${how}.`,
    );
  }
  const file = isAbsolute(ref) ? ref : resolve(dirname(origin.file), ref);
  if (!existsSync(file)) {
    throw new HotlineError(
      'HOTLINE_FLOW_NOT_FOUND',
      `${origin.where}: no flow file ${file} (with --allow-flow-paths, paths are taken relative to ${dirname(origin.file)}).`,
    );
  }
  return file;
}
