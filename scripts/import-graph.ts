/**
 * The import graph of `src/`, read from the files themselves, and the house rules of
 * ../shared/ARCHITECTURE.md checked over it: rooms (top-level folders of src/) on floors,
 * a room importing only rooms on lower floors, no cycle between folders at any depth,
 * and no Node built-ins or adapter packages in the core.
 *
 * `npm run graph` prints the folder graph; test/architecture.test.ts fails the build on any
 * breach. The reader is a small scanner of import/export specifiers rather than a full
 * parser: TypeScript 7's compiler has no JavaScript API, and every import in this project
 * is a static `import … from '…'`, `export … from '…'`, `import '…'` or `import('…')`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** One import of one file: the specifier as written and, for relative ones, the file it names. */
export interface ImportEdge {
  /** Importing file, relative to src/ with '/' separators (e.g. 'sim/event-queue.ts'). */
  readonly from: string;
  /** The specifier as written ('./rng.js', 'node:fs', 'xstate'). */
  readonly specifier: string;
  /** For relative specifiers: the imported file relative to src/ ('.js' read as '.ts'); null otherwise. */
  readonly to: string | null;
}

/**
 * The floors of the house, bottom up (ARCHITECTURE.md). A room may import rooms on lower
 * floors only; two rooms on one floor never import each other. `(kernel)` is the files at
 * the root of src/ except the public barrel, which sits above everything. One cut differs
 * from ARCHITECTURE.md: `twilio` sits a floor above `audio` and `store`, because the
 * emulator reads WAV files (audio/pcm.ts) to time `<Play>` as Twilio does.
 */
export const FLOORS: Readonly<Record<string, number>> = {
  '(kernel)': -1,
  flow: 0,
  record: 1,
  analysis: 2,
  sim: 2,
  audio: 3,
  store: 3,
  twilio: 4,
  scenario: 5,
  server: 5,
  replay: 5,
  planning: 6,
  report: 7,
  qa: 7,
  console: 7,
  cli: 8,
  '(barrel)': 9,
};

/** Rooms that must compile without Node: no `node:*` import, and only the packages listed. */
export const CORE_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  '(kernel)': ['yaml'],
  flow: ['xstate', 'xstate/graph'],
  record: ['zod'],
  analysis: ['jstat'],
  sim: [],
};

const SPECIFIER =
  /(?:^|[\s;{}])(?:import|export)\s+(?:type\s+)?(?:[\w*${},\s]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*(?:['"]([^'"]+)['"]|`([^`$]+)`)\s*\)|new\s+URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g;

/**
 * The source with its comments blanked out and its strings kept, so a `//` or `/*` inside a string
 * (a MIME type such as '*\/*', a URL) is not taken for a comment. Regular-expression literals are not
 * told apart from division; none in src/ holds a quote or a comment opener before an import.
 */
export function withoutComments(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i += 1;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
      out += ' ';
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/**
 * The specifiers a TypeScript source imports or re-exports, in order: static imports and re-exports,
 * `import('…')` (also a template without `${}`), and worker entries named as `new URL('./x.ts', import.meta.url)`.
 * Comments are skipped.
 */
export function importSpecifiers(source: string): string[] {
  return [...withoutComments(source).matchAll(SPECIFIER)].map((m) => (m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
}

/** Every `.ts` file under `dir`, relative to it with '/' separators, sorted. Declaration files are skipped. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
        out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The import edges of every file under `srcDir` (absolute or relative to the working folder). */
export function readImports(srcDir: string): ImportEdge[] {
  const root = resolve(srcDir);
  return sourceFiles(root).flatMap((file) =>
    importSpecifiers(readFileSync(join(root, file), 'utf8')).map((specifier) => ({
      from: file,
      specifier,
      to: specifier.startsWith('.')
        ? relative(root, resolve(root, dirname(file), specifier))
            .split(sep)
            .join('/')
            .replace(/\.js$/, '.ts')
        : null,
    })),
  );
}

/** The room (top-level folder) a file belongs to: 'sim', '(kernel)' or '(barrel)' for src/index.ts. */
export function roomOf(file: string): string {
  if (file === 'index.ts') return '(barrel)';
  const slash = file.indexOf('/');
  return slash < 0 ? '(kernel)' : file.slice(0, slash);
}

/** The folder of a file at every depth: 'flow/runtime/x.ts' → 'flow/runtime'; root files → their room. */
export function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? roomOf(file) : file.slice(0, slash);
}

/** Folder → folders it imports, with the number of imports, from relative edges. */
export function folderGraph(
  edges: readonly ImportEdge[],
  folder: (file: string) => string,
): Map<string, Map<string, number>> {
  const graph = new Map<string, Map<string, number>>();
  for (const edge of edges) {
    if (edge.to === null || edge.to.startsWith('../')) continue;
    const a = folder(edge.from);
    const b = folder(edge.to);
    if (!graph.has(a)) graph.set(a, new Map());
    if (a !== b) graph.get(a)!.set(b, (graph.get(a)!.get(b) ?? 0) + 1);
  }
  return graph;
}

/** The cycles of a graph, one per strongly connected component of more than one node (Tarjan), each sorted. */
export function cycles(graph: ReadonlyMap<string, ReadonlyMap<string, number>>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    order.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) === order.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!order.has(v)) visit(v);
  return out;
}

/**
 * Every breach of the house rules, one line each: an import against the floors, a core room
 * importing Node or an unlisted package, and a cycle between folders at any depth (a subfolder
 * such as `flow/runtime` is a node of its own beside its parent's files).
 */
export function violations(edges: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  for (const edge of edges) {
    const room = roomOf(edge.from);
    if (edge.to?.startsWith('../')) continue; // outside src/: data folders (scenarios/, flows/) and bin/, not rooms
    if (edge.to !== null) {
      const target = roomOf(edge.to);
      if (target === room) continue;
      const [a, b] = [FLOORS[room], FLOORS[target]];
      if (a === undefined) out.push(`${edge.from}: room "${room}" has no floor in FLOORS (scripts/import-graph.ts)`);
      else if (b === undefined) out.push(`${edge.from}: imports ${edge.to}, in room "${target}" that has no floor`);
      else if (b >= a)
        out.push(
          `${edge.from} (${room}, floor ${a}) imports ${edge.to} (${target}, floor ${b}): a room may import only lower floors`,
        );
    } else if (room in CORE_PACKAGES) {
      const allowed = CORE_PACKAGES[room]!;
      if (edge.specifier.startsWith('node:') || !allowed.includes(edge.specifier)) {
        out.push(
          `${edge.from}: the core room "${room}" imports "${edge.specifier}" (allowed: ${allowed.join(', ') || 'nothing outside src'})`,
        );
      }
    }
  }
  for (const cycle of cycles(folderGraph(edges, folderOf)))
    out.push(`folders import each other in a circle: ${cycle.join(' ⇄ ')}`);
  return out;
}
