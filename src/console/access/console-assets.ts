import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { HotlineError } from '../../errors.js';

/** Where `npm install` (scripts/build-console.ts) puts the built console. */
export const CONSOLE_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'dist', 'console');

/**
 * The console's Content Security Policy: everything from this origin only, nothing inline, no eval, no frames.
 * Styles set through the DOM (Preact's style objects, ECharts' canvas) are not inline styles and pass; `blob:` media
 * is the softphone's prompt audio.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every console answer: the policy, and no sniffing, framing or referrers. */
export function securityHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', CONSOLE_CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('cross-origin-resource-policy', 'same-origin');
}

interface Asset {
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly type: string;
}

const TYPES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/** The built files, read once into memory (three files; no path from a request ever reaches the file system). */
function loadAssets(dir: string): { assets: Map<string, Asset>; etag: string } | null {
  if (!existsSync(join(dir, 'build.json'))) return null;
  const { sourceHash } = JSON.parse(readFileSync(join(dir, 'build.json'), 'utf8')) as { sourceHash: string };
  const assets = new Map<string, Asset>();
  for (const [name, type] of Object.entries(TYPES)) {
    const body = readFileSync(join(dir, name));
    assets.set(name, { body, gzip: gzipSync(body), type });
  }
  return { assets, etag: `"${sourceHash.slice(0, 32)}"` };
}

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset, etag: string, cache: string) {
  securityHeaders(reply);
  reply.header('cache-control', cache).header('etag', etag).header('vary', 'accept-encoding').type(asset.type);
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? ''))
    return reply.header('content-encoding', 'gzip').send(asset.gzip);
  return reply.send(asset.body);
}

/** GET /console (the page) and /console/assets/app.js|app.css, from `dir` (default CONSOLE_DIST). */
export const consoleAssets: FastifyPluginAsync<{ readonly dir?: string }> = async (app, options) => {
  const dir = options.dir ?? CONSOLE_DIST;
  const loaded = loadAssets(dir);
  const notBuilt = () =>
    new HotlineError(
      'HOTLINE_CONSOLE_NOT_BUILT',
      `GET /console: the console is not built (no ${join(dir, 'build.json')}); run npm install, or npm run build:console, and restart.`,
    );
  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!loaded) throw notBuilt();
    // The page is tiny and names the assets: never cached, so a new build is picked up at once.
    return send(request, reply, loaded.assets.get('index.html')!, loaded.etag, 'no-cache');
  };
  app.get('/console', page);
  app.get('/console/', page);
  app.get<{ Params: { name: string } }>('/console/assets/:name', async (request, reply) => {
    if (!loaded) throw notBuilt();
    const asset = request.params.name === 'index.html' ? undefined : loaded.assets.get(request.params.name);
    if (!asset)
      throw new HotlineError('HOTLINE_ROUTE_NOT_FOUND', `GET /console/assets/${request.params.name}: no such asset.`);
    return send(request, reply, asset, loaded.etag, 'no-cache');
  });
};
