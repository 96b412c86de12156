import { type Document, LineCounter, parseDocument } from 'yaml';
import { type ErrorCode, HotlineError } from './errors.js';

/** A schema issue's path as a field reference, e.g. `pools[1].agents` or `journey[0].kind`. */
export function schemaPathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    '',
  );
}

/** file:line:col of the YAML node at `path`, or of its nearest existing parent (for error messages about YAML files). */
export function yamlLocation(doc: Document, lines: LineCounter, file: string, path: readonly PropertyKey[]): string {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const { line, col } = lines.linePos(node.range[0]);
      return `${file}:${line}:${col}`;
    }
  }
  return file;
}

/** Most aliases (*name) a YAML input file may expand: an alias bomb fails as a coded error, not out of memory. */
export const MAX_YAML_ALIASES = 100;

/** A parsed YAML input file: its document and line counter (for yamlLocation) and its data. */
export interface YamlInput {
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly data: unknown;
}

/**
 * Parses a YAML input file (a scenario, contract, lint config, record map). A syntax error or an alias bomb
 * throws `code` naming file:line:col; duplicate keys are errors unless `allowDuplicateKeys`.
 */
export function readYamlInput(text: string, file: string, code: ErrorCode, allowDuplicateKeys = false): YamlInput {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: !allowDuplicateKeys });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const pos = first.linePos?.[0];
    throw new HotlineError(
      code,
      `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML: ${first.message.split('\n')[0]}`,
    );
  }
  try {
    return { doc, lines, data: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    const alias = /(?<=[\s,[{:-])\*[^\s,\]}]+/.exec(text);
    const at = alias ? `:${lines.linePos(alias.index).line}` : '';
    throw new HotlineError(
      code,
      `${file}${at}: the YAML expands too much (${(error as Error).message}); use at most ${MAX_YAML_ALIASES} aliases (*name) and no nested alias chains.`,
      { cause: error },
    );
  }
}

/** A schema issue: where (a field path) and what is wrong. */
export interface SchemaIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * The first five schema issues of a YAML input, one line each (`file:line:col: field.path: message`), and how
 * many more there are.
 */
export function schemaIssuesText<I extends SchemaIssue>(
  input: YamlInput,
  file: string,
  issues: readonly I[],
  describe: (issue: I) => string = (issue) => issue.message,
): string {
  const problems = issues
    .slice(0, 5)
    .map(
      (issue) =>
        `${yamlLocation(input.doc, input.lines, file, issue.path)}: ${schemaPathText(issue.path) || '(top level)'}: ${describe(issue)}`,
    );
  const more = issues.length > 5 ? `\n(and ${issues.length - 5} more)` : '';
  return `${problems.join('\n')}${more}`;
}
