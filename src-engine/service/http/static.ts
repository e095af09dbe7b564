/**
 * Serves the built renderer (dist-renderer/): GET/HEAD only, paths confined to the folder, `index.html` at
 * `/`, and a strict Content-Security-Policy so the page can talk only to this origin.
 */
import type { FastifyInstance } from 'fastify';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { errorBody } from '../common/error-shape.js';
import { PUBLIC_ROUTE } from './app.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // echarts and React set inline styles on elements.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Resolve a URL path inside `root`, or undefined when it would leave it or names no file. */
function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = resolve(root);
  const target = resolve(join(base, decoded === '/' || decoded === '' ? 'index.html' : decoded));
  if (target !== base && !target.startsWith(base + sep)) return undefined;
  try {
    const st = statSync(target);
    if (st.isDirectory()) {
      const index = join(target, 'index.html');
      return existsSync(index) ? index : undefined;
    }
    return st.isFile() ? target : undefined;
  } catch {
    return undefined;
  }
}

export function registerRenderer(app: FastifyInstance, root: string, port: () => number): void {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    // The page itself carries no figures: it answers without the token (it reads the token from its address).
    config: PUBLIC_ROUTE,
    handler: async (req, reply) => {
      const path = req.url.startsWith('/api') ? undefined : resolveStaticPath(root, req.url);
      if (!path) {
        return reply
          .code(404)
          .type('application/json; charset=utf-8')
          .send(errorBody('not_found', `no route ${req.method} ${req.url.split('?')[0]}`));
      }
      reply
        .header('content-security-policy', contentSecurityPolicy(port()))
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable')
        .type(TYPES[extname(path)] ?? 'application/octet-stream');
      return reply.send(createReadStream(path));
    },
  });
}
