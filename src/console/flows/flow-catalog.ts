import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HotlineError } from '../../errors.js';
import type { FlowDefinition } from '../../flow/flow-definition.js';
import { FLOW_ID_PATTERN } from '../../scenario/flow-reference.js';
import { FLOWS_DIR, loadFlow } from '../../scenario/load-flow.js';
import type { CatalogEntry } from './flows-wire.js';

/** A listed flow, and the file it was loaded from (none for a live flow no listed file defines). */
interface Listed {
  readonly entry: CatalogEntry;
  readonly flow: FlowDefinition;
  readonly file: string | undefined;
}

/** Flow files of a folder whose names are flow ids (FLOW_ID_PATTERN): nothing else in it is ever loaded. */
function flowFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /\.(ts|js|mjs)$/.test(name) && FLOW_ID_PATTERN.test(name.replace(/\.(ts|js|mjs)$/, '')))
    .sort()
    .map((name) => join(dir, name));
}

/**
 * The flows the flow view shows, fixed when the console starts: the live line's flow, then the flows folder's files,
 * then the shipped flows, each id once (the first wins). Requests name a flow by id and only a listed id is ever
 * looked up, so no request names a file. A file that fails to load is left out and told to `onSkip`.
 */
export class FlowCatalog {
  private constructor(private readonly flows: ReadonlyMap<string, Listed>) {}

  /** Loads the catalog (the folder's flow files are imported: they are code the operator put there). */
  static async load(
    live: FlowDefinition,
    flowsDir: string,
    onSkip: (file: string, message: string) => void = () => {},
  ): Promise<FlowCatalog> {
    const flows = new Map<string, Listed>();
    const add = (flow: FlowDefinition, source: CatalogEntry['source'], file: string | undefined) => {
      const listed = flows.get(flow.id);
      if (!listed) flows.set(flow.id, { entry: { id: flow.id, title: flow.title, source }, flow, file });
      // The live flow loaded from a listed file is that file's very module (imports are cached).
      else if (listed.file === undefined && listed.flow === flow) flows.set(flow.id, { ...listed, file });
    };
    add(live, 'live', undefined);
    const folders: [string, CatalogEntry['source']][] = [
      [flowsDir, resolve(flowsDir) === FLOWS_DIR ? 'shipped' : 'folder'],
      [FLOWS_DIR, 'shipped'],
    ];
    for (const [dir, source] of folders) {
      for (const file of flowFiles(dir)) {
        try {
          add(await loadFlow(file), source, file);
        } catch (error) {
          onSkip(file, (error as Error).message);
        }
      }
    }
    return new FlowCatalog(flows);
  }

  /** The listed flows, the live one first. */
  list(): CatalogEntry[] {
    return [...this.flows.values()].map((f) => f.entry);
  }

  /** The file a listed flow was loaded from; undefined for a live flow that no listed file defines. */
  file(id: string): string | undefined {
    return this.flows.get(id)?.file;
  }

  /** A listed flow by id; HOTLINE_CONSOLE_FLOW_UNKNOWN (404) for any other. */
  get(id: string): FlowDefinition {
    const found = this.flows.get(id);
    if (!found) {
      const shown = JSON.stringify(id.length > 64 ? `${id.slice(0, 64)}…` : id);
      throw new HotlineError(
        'HOTLINE_CONSOLE_FLOW_UNKNOWN',
        `No flow ${shown} in the flow view; pick one of: ${[...this.flows.keys()].join(', ')}.`,
      );
    }
    return found.flow;
  }
}
