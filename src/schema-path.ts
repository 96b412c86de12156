import type { Document, LineCounter } from 'yaml';
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
