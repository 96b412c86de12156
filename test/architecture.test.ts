import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CORE_PACKAGES,
  cycles,
  FLOORS,
  folderGraph,
  importSpecifiers,
  readImports,
  roomOf,
  sourceFiles,
  violations,
  type ImportEdge,
} from '../scripts/import-graph.js';

const SRC = new URL('../src', import.meta.url).pathname;

/** A relative edge between two src/ files, as readImports would give it. */
const edge = (from: string, to: string): ImportEdge => ({ from, specifier: `./${to}`, to });
const pkg = (from: string, specifier: string): ImportEdge => ({ from, specifier, to: null });

describe('the house rules over src/ (ARCHITECTURE.md)', () => {
  it('hold: every import goes down a floor, no folder cycle, no Node in the core (npm run graph prints the graph)', () => {
    expect(violations(readImports(SRC))).toEqual([]);
  });

  it('give every room of src/ a floor, importing or not', () => {
    const rooms = new Set(sourceFiles(SRC).map(roomOf));
    expect([...rooms].filter((room) => FLOORS[room] === undefined)).toEqual([]);
  });

  it('let flow files (flows/) import only the flow vocabulary: src/flow and xstate, never an adapter', () => {
    const FLOWS = new URL('../flows', import.meta.url).pathname;
    const outside = readImports(FLOWS).filter((e) =>
      e.to === null ? e.specifier !== 'xstate' : e.to.startsWith('../') && !e.to.startsWith('../src/flow/'),
    );
    expect(outside.map((e) => `${e.from} imports ${e.specifier}`)).toEqual([]);
  });

  it("are the README's Layout: it names every room, and every src/ file the README names exists", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const layout = readme.slice(readme.indexOf('## Layout'), readme.indexOf('## Dependencies'));
    const rooms = Object.keys(FLOORS).filter((room) => !room.startsWith('('));
    expect(rooms.filter((room) => !layout.includes(`src/${room}/`))).toEqual([]);
    const named = [...new Set(readme.match(/src\/[\w/.-]+\.ts\b/g) ?? [])];
    expect(named.filter((file) => !existsSync(new URL(`../${file}`, import.meta.url)))).toEqual([]);
  });

  it('agree with tsconfig.core.json: the core rooms are exactly the ones compiled without Node types', () => {
    const core = JSON.parse(readFileSync(new URL('../tsconfig.core.json', import.meta.url), 'utf8')) as {
      include: string[];
    };
    const included = core.include
      .filter((p) => !p.startsWith('src/types'))
      .map((p) => (p.endsWith('.ts') ? '(kernel)' : p.slice('src/'.length)));
    expect(new Set(included)).toEqual(new Set(Object.keys(CORE_PACKAGES)));
  });
});

describe('the architecture check itself fails on a breach', () => {
  it('reads every form of import and re-export, and skips comments', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "import * as c from 'c';",
      "import d, { e } from './d.js';",
      "import './side-effect.js';",
      "export { f } from './f.js';",
      "export type { G } from './g.js';",
      "export * from './h.js';",
      "const i = await import('./i.js');",
      "import {\n  j,\n  k,\n} from './jk.js';",
      "// import { no } from './commented.js';",
      "/* import { no } from './block.js'; */",
      "const text = 'not an import from here';",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual([
      './a.js',
      '../b.js',
      'c',
      './d.js',
      './side-effect.js',
      './f.js',
      './g.js',
      './h.js',
      './i.js',
      './jk.js',
    ]);
  });

  it('keeps strings that hold comment openers, and reads worker entries and template imports', () => {
    const source = [
      "const accept = '*/*';",
      "import { a } from './a.js';",
      "const url = 'http://example.test/x';",
      "import { b } from './b.js';",
      "const worker = new URL('./worker.ts', import.meta.url);",
      'const c = await import(`./c.js`);',
      "const data = new URL('../../scenarios', import.meta.url);",
    ].join('\n');
    expect(importSpecifiers(source)).toEqual(['./a.js', './b.js', './worker.ts', './c.js', '../../scenarios']);
  });

  it('reports an import up a floor (the simulator reaching into a scenario file)', () => {
    expect(violations([edge('sim/build.ts', 'scenario/schema.ts')])).toEqual([
      'sim/build.ts (sim, floor 2) imports scenario/schema.ts (scenario, floor 5): a room may import only lower floors',
    ]);
  });

  it('reports an import between two rooms on one floor', () => {
    expect(violations([edge('sim/run.ts', 'analysis/kpis.ts')])).toHaveLength(1);
  });

  it('reports a cycle between folders even when every file-level import is allowed by the floors', () => {
    const found = violations([
      edge('flow/lint/run.ts', 'flow/lint/rules/a.ts'),
      edge('flow/lint/rules/a.ts', 'flow/lint/types.ts'),
    ]);
    expect(found).toEqual(['folders import each other in a circle: flow/lint ⇄ flow/lint/rules']);
  });

  it('reports Node and unlisted packages in the core, and allows them above it', () => {
    expect(
      violations([pkg('sim/rng.ts', 'node:crypto'), pkg('flow/x.ts', 'fastify'), pkg('flow/y.ts', 'xstate')]),
    ).toHaveLength(2);
    expect(violations([pkg('server/app.ts', 'node:fs'), pkg('store/db.ts', 'better-sqlite3')])).toEqual([]);
  });

  it('finds every cycle of a graph, and none in a DAG', () => {
    const graph = (pairs: [string, string][]) =>
      folderGraph(
        pairs.map(([a, b]) => edge(`${a}/f.ts`, `${b}/f.ts`)),
        (f) => f.split('/')[0]!,
      );
    expect(
      cycles(
        graph([
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
          ['d', 'e'],
          ['e', 'd'],
        ]),
      ),
    ).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    expect(
      cycles(
        graph([
          ['a', 'b'],
          ['b', 'c'],
          ['a', 'c'],
        ]),
      ),
    ).toEqual([]);
  });

  describe('on files on disk', () => {
    let dir = '';
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('fails on a reintroduced cycle: the simulator importing the planning layer that imports it', () => {
      dir = mkdtempSync(join(tmpdir(), 'hotline-arch-'));
      const files: Record<string, string> = {
        'sim/call-centre-sim.ts': "import { runScenario } from '../planning/run-scenario.js';\nexport const sim = 1;\n",
        'planning/run-scenario.ts':
          "import { sim } from '../sim/call-centre-sim.js';\nexport const runScenario = sim;\n",
      };
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
      const found = violations(readImports(dir));
      expect(found).toContain('folders import each other in a circle: planning ⇄ sim');
      expect(
        found.some((line) => line.startsWith('sim/call-centre-sim.ts (sim, floor 2) imports planning/run-scenario.ts')),
      ).toBe(true);
    });
  });
});
