/** A schema issue's path as a field reference, e.g. `pools[1].agents` or `journey[0].kind`. */
export function schemaPathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}
