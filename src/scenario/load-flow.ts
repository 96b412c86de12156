import { existsSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HotlineError } from '../errors.js';
import type { FlowDefinition } from '../flow/flow-definition.js';

/** The repository's `flows/` folder, where flows are found by name. */
export const FLOWS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../flows');

/** The default flow: the national-standard profile. */
export const DEFAULT_FLOW = 'hotline-12345-direct';

/** Names of the flows shipped in `flows/` (or found in `dir`). */
export function shippedFlows(dir: string = FLOWS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(ts|js|mjs)$/.test(f))
    .map((f) => f.replace(/\.(ts|js|mjs)$/, ''))
    .sort();
}

function looksLikePath(spec: string): boolean {
  return spec.includes('/') || spec.includes('\\') || /\.(ts|js|mjs)$/.test(spec);
}

/** The file a flow name or path refers to, or undefined. */
export function resolveFlowFile(spec: string, cwd: string): string | undefined {
  if (looksLikePath(spec)) {
    const file = isAbsolute(spec) ? spec : resolve(cwd, spec);
    return existsSync(file) ? file : undefined;
  }
  for (const ext of ['.ts', '.js', '.mjs']) {
    const file = join(FLOWS_DIR, spec + ext);
    if (existsSync(file)) return file;
  }
  return undefined;
}

function isFlow(value: unknown): value is FlowDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const flow = value as Partial<FlowDefinition>;
  return (
    typeof flow.id === 'string' &&
    Array.isArray(flow.languages) &&
    Array.isArray(flow.skills) &&
    Array.isArray(flow.lookups) &&
    typeof flow.machine === 'object' &&
    flow.machine !== null &&
    'config' in flow.machine
  );
}

/**
 * Loads a flow by name (a file in `flows/`) or by path. The file's default
 * export must be a `defineFlow({...})` result.
 */
export async function loadFlow(spec: string, cwd: string = process.cwd()): Promise<FlowDefinition> {
  const file = resolveFlowFile(spec, cwd);
  if (!file) {
    throw new HotlineError(
      'HOTLINE_FLOW_NOT_FOUND',
      `No flow "${spec}". Give a file path, or one of the shipped flows: ${shippedFlows().join(', ')}.`,
    );
  }
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new HotlineError('HOTLINE_FLOW_INVALID', `Flow file ${file} failed to load: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!isFlow(module.default)) {
    throw new HotlineError(
      'HOTLINE_FLOW_INVALID',
      `Flow file ${file} must \`export default defineFlow({ id, title, languages, skills, lookups, machine })\`.`,
    );
  }
  return module.default;
}
