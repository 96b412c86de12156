import { Document, isMap, isPair, isScalar, visit, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { FittedEntry } from './calibration-part.js';

/** A scenario as plain data while the calibration's entries are merged into it. */
export type ScenarioTree = Record<string, unknown>;

/** Scenario lists whose items have a `name`: a string in a path after one of them names the item. */
const NAMED_LISTS = new Set(['call_types', 'pools']);

/** A path as written in the tree: every named list item turned into its index. */
export type ResolvedPath = readonly (string | number)[];

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Walks `path` in `tree`; a string step inside an array is the item whose `name` it is (created with that name when
 * `create`). Returns the resolved path and the container holding its last step, or null when a step is missing and
 * `create` is false.
 */
function walk(
  tree: ScenarioTree,
  path: readonly (string | number)[],
  create: boolean,
): { resolved: (string | number)[]; holder: Record<string | number, unknown> } | null {
  let node: unknown = tree;
  const resolved: (string | number)[] = [];
  for (let i = 0; i < path.length; i += 1) {
    let step = path[i]!;
    if (Array.isArray(node) && typeof step === 'string') {
      const name = step;
      let at = node.findIndex((item) => isObject(item) && item.name === name);
      if (at < 0) {
        if (!create) return null;
        at = node.push({ name }) - 1;
      }
      step = at;
    }
    resolved.push(step);
    const holder = node as Record<string | number, unknown>;
    if (i === path.length - 1) return { resolved, holder };
    let child = holder[step];
    if (child === undefined) {
      if (!create) return null;
      const next = path[i + 1];
      child = typeof step === 'string' && (NAMED_LISTS.has(step) || typeof next === 'number') ? [] : {};
      holder[step] = child;
    }
    if (typeof child !== 'object' || child === null) return null;
    node = child;
  }
  return null;
}

/** True when the tree has a value at `path` (named list items by name). */
export function hasIn(tree: ScenarioTree, path: readonly (string | number)[]): boolean {
  const at = walk(tree, path, false);
  return at !== null && at.holder[at.resolved.at(-1)!] !== undefined;
}

/**
 * Sets `value` at `path` in `tree`, creating containers (and named list items) on the way; a whole named item
 * (`['pools', 'City team']`) keeps its name. Returns the resolved path (named items as indices).
 */
export function setIn(tree: ScenarioTree, path: readonly (string | number)[], value: unknown): ResolvedPath {
  if (path.length === 0) throw new Error('setIn: an empty path');
  const at = walk(tree, path, true)!;
  const last = at.resolved.at(-1)!;
  const name = path.at(-1);
  at.holder[last] =
    typeof name === 'string' && typeof last === 'number' && isObject(value) ? { name, ...value } : value;
  return at.resolved;
}

/** Field order of a scenario file as the shipped ones write it (fields not listed follow, in insertion order). */
const TOP_ORDER = [
  'name',
  'description',
  'flow',
  'seed',
  'replications',
  'horizon',
  'interval_minutes',
  'warmup_minutes',
];
const ITEM_ORDER = ['name', 'pool', 'share', 'skill', 'skills'];
const LAST = ['pools', 'paid_hours_per_fte_week', 'contracts', 'penalties', 'targets'];

/** `value` with its keys in `first` order, then the others, then `last`. */
function orderedKeys(
  value: Record<string, unknown>,
  first: readonly string[],
  last: readonly string[] = [],
): Record<string, unknown> {
  const keys = Object.keys(value);
  const middle = keys.filter((k) => !first.includes(k) && !last.includes(k));
  const order = [...first.filter((k) => k in value), ...middle, ...last.filter((k) => k in value)];
  return Object.fromEntries(order.map((k) => [k, value[k]]));
}

/** The tree in the shipped scenarios' field order (top level, call types' and pools' items). */
function ordered(tree: ScenarioTree): ScenarioTree {
  const top = orderedKeys(tree, TOP_ORDER, LAST);
  for (const list of NAMED_LISTS)
    if (Array.isArray(top[list]))
      top[list] = (top[list] as unknown[]).map((item) => (isObject(item) ? orderedKeys(item, ITEM_ORDER) : item));
  return top;
}

/** A value's comment, resolved to where it is written. */
export interface PlacedComment {
  readonly path: ResolvedPath;
  readonly comment: string;
}

/** Flow style (`[1, 2]`, `{ dist: gamma, mean: 3 }`) for lists and maps of plain values without comments. */
function compact(doc: Document): void {
  visit(doc, {
    Seq: (_, seq) => {
      if (seq.items.every((item) => isScalar(item))) seq.flow = true;
    },
    Map: (_, map, path) => {
      const parent = path.at(-1);
      if (!isPair(parent)) return;
      const plain = map.items.every((p) => isScalar(p.value) && !(p.key as Scalar).commentBefore);
      if (plain) map.flow = true;
    },
  });
}

/** The YAML node (seq item) or map pair at a resolved path. */
function placeComment(doc: Document, path: ResolvedPath, comment: string): void {
  const text = ` ${comment}`;
  const last = path.at(-1)!;
  if (typeof last === 'number') {
    const item = doc.getIn(path, true) as { commentBefore?: string | null } | undefined;
    if (item) item.commentBefore = item.commentBefore ? `${item.commentBefore}\n${text}` : text;
    return;
  }
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return;
  const pair = (parent as YAMLMap).items.find((p: Pair) => isScalar(p.key) && p.key.value === last);
  if (!pair || !isScalar(pair.key)) return;
  pair.key.commentBefore = pair.key.commentBefore ? `${pair.key.commentBefore}\n${text}` : text;
}

/**
 * The scenario file's text: the tree as YAML (yaml's Document API), `header` lines first, each comment on the
 * line before its value (a list item's before the item), plain lists and small maps in flow style.
 */
export function scenarioYaml(
  tree: ScenarioTree,
  comments: readonly PlacedComment[],
  header: readonly string[],
): string {
  const doc = new Document(ordered(tree));
  for (const c of comments) placeComment(doc, c.path, c.comment);
  compact(doc);
  doc.commentBefore = header.map((line) => ` ${line}`).join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** Applies `entries` to the tree; an entry whose path already holds a value is skipped and returned. */
export function applyEntries(
  tree: ScenarioTree,
  entries: readonly FittedEntry[],
  comments: PlacedComment[],
): FittedEntry[] {
  const skipped: FittedEntry[] = [];
  for (const entry of entries) {
    if (hasIn(tree, entry.path)) {
      skipped.push(entry);
      continue;
    }
    comments.push({ path: setIn(tree, entry.path, entry.value), comment: entry.comment });
  }
  return skipped;
}
