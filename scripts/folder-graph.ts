/**
 * Prints the folder graph of src/ (who imports whom, with counts), then any breach of the
 * house rules. `npm run graph` (rooms), `npm run graph -- --folders` (every folder).
 * Exit 1 when a rule is broken.
 */
import { FLOORS, folderGraph, folderOf, readImports, roomOf, violations } from './import-graph.js';

const edges = readImports(process.env.GRAPH_SRC ?? new URL('../src', import.meta.url).pathname);
const byFolder = process.argv.includes('--folders');
const graph = folderGraph(edges, byFolder ? folderOf : roomOf);
const floor = (node: string): string => (byFolder ? '' : ` (floor ${FLOORS[node] ?? '?'})`);
const nodes = [...graph.keys()].sort(
  (a, b) => (FLOORS[roomOf(`${a}/x`)] ?? 0) - (FLOORS[roomOf(`${b}/x`)] ?? 0) || a.localeCompare(b),
);
for (const node of nodes) {
  const targets = [...graph.get(node)!].sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => `${t} ${n}`);
  process.stdout.write(`${node}${floor(node)} -> ${targets.join(', ') || '(nothing)'}\n`);
}
const broken = violations(edges);
process.stdout.write(
  broken.length === 0
    ? '\nThe house rules hold: no cycle between folders, every import goes down a floor.\n'
    : `\n${broken.length} breach(es):\n${broken.join('\n')}\n`,
);
process.exitCode = broken.length === 0 ? 0 : 1;
