import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The Chart.js 4 browser bundle (UMD, `window.Chart`), read from
 * node_modules so a report can inline it and open without a network. Its
 * source-map comment is dropped (the map is not shipped with the report), and
 * any `</script` is escaped so the text is safe inside a `<script>` element.
 */
export function chartLibrarySource(): string {
  if (cached === undefined) {
    // chart.js's exports map hides dist/ files; its CommonJS entry sits beside the UMD bundle.
    const entry = createRequire(import.meta.url).resolve('chart.js');
    const text = readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8');
    cached = text.replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '\n').replace(/<\/(script)/gi, '<\\/$1');
  }
  return cached;
}
