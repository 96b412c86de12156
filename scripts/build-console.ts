/**
 * Builds the web console (web/) into dist/console: app.js (Preact and ECharts, bundled and minified by esbuild),
 * app.css and index.html, and build.json (the sources' hash and each file's size). Run by `npm install` (prepare),
 * `npm start` (prestart, only when web/ changed) and the test suite's global set-up; built files are never committed.
 *
 *   node --import tsx scripts/build-console.ts [--if-stale] [--out DIR]
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WEB = join(ROOT, 'web');
export const DEFAULT_CONSOLE_DIR = join(ROOT, 'dist', 'console');

/** What build.json says about a build. */
export interface ConsoleBuild {
  readonly sourceHash: string;
  /** Bytes of each built file, and gzipped. */
  readonly files: Readonly<Record<string, { readonly bytes: number; readonly gzipBytes: number }>>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

/** A hash of everything the bundle is made from: web/, and the versions of the packages it bundles. */
function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles(WEB)) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file));
  for (const pkg of ['preact', 'echarts', '@dagrejs/dagre', 'esbuild']) {
    const manifest = join(ROOT, 'node_modules', pkg, 'package.json');
    hash
      .update(pkg)
      .update(existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : '-');
  }
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  return hash.digest('hex');
}

/** The build in `outDir`, if there is a whole one. */
export function readConsoleBuild(outDir = DEFAULT_CONSOLE_DIR): ConsoleBuild | null {
  const file = join(outDir, 'build.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ConsoleBuild) : null;
}

/** Builds the console into `outDir` (replacing what was there); with `ifStale`, only when web/ changed since. */
export async function buildConsole(
  outDir = DEFAULT_CONSOLE_DIR,
  ifStale = false,
): Promise<ConsoleBuild & { built: boolean }> {
  const hash = sourceHash();
  const existing = readConsoleBuild(outDir);
  if (ifStale && existing?.sourceHash === hash) return { ...existing, built: false };
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { app: join(WEB, 'main.tsx') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    minify: true,
    legalComments: 'linked',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
    tsconfig: join(ROOT, 'tsconfig.web.json'),
  });
  copyFileSync(join(WEB, 'index.html'), join(outDir, 'index.html'));
  const files: Record<string, { bytes: number; gzipBytes: number }> = {};
  for (const name of readdirSync(outDir).sort()) {
    const body = readFileSync(join(outDir, name));
    files[name] = { bytes: statSync(join(outDir, name)).size, gzipBytes: gzipSync(body).length };
  }
  const result: ConsoleBuild = { sourceHash: hash, files };
  writeFileSync(join(outDir, 'build.json'), `${JSON.stringify(result, null, 2)}\n`);
  return { ...result, built: true };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const out = args.includes('--out') ? resolve(args[args.indexOf('--out') + 1] ?? '') : DEFAULT_CONSOLE_DIR;
  buildConsole(out, args.includes('--if-stale')).then(
    (b) => {
      const total = Object.values(b.files).reduce(
        (n, f) => ({ bytes: n.bytes + f.bytes, gzip: n.gzip + f.gzipBytes }),
        { bytes: 0, gzip: 0 },
      );
      console.log(
        b.built
          ? `console built in ${relative(process.cwd(), out) || '.'}: ${Object.keys(b.files).length} files, ${(total.bytes / 1024).toFixed(0)} KiB (${(total.gzip / 1024).toFixed(0)} KiB gzipped)`
          : `console up to date in ${relative(process.cwd(), out) || '.'}`,
      );
    },
    (error: unknown) => {
      console.error(
        `hotline: the console did not build: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      );
      process.exit(1);
    },
  );
}
