/**
 * The `app://kira/…` protocol serves the built renderer and nothing else: GET only, paths resolved inside
 * the renderer folder (no traversal, no symlink escape is possible because we only join normalised
 * segments), unknown paths fall back to index.html for the single-page app.
 */
import { extname, join, normalize, sep } from 'node:path';

export const APP_SCHEME = 'app';
const APP_HOST = 'kira';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'", // echarts sets inline styles on its canvas containers
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export type ProtocolDecision = { ok: true; file: string; mime: string } | { ok: false; status: 400 | 403 | 404 | 405; reason: string };

/** Decide what an app:// request may read. Pure: the caller reads the file. */
export function resolveAppRequest(method: string, rawUrl: string, rendererDir: string): ProtocolDecision {
  if (method !== 'GET') return { ok: false, status: 405, reason: 'only GET is served' };
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, status: 400, reason: 'malformed URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 403, reason: 'foreign origin' };
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'malformed path' };
  }
  if (path.includes('\0') || path.includes('\\')) return { ok: false, status: 400, reason: 'malformed path' };
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return { ok: false, status: 403, reason: 'path traversal' };
  const relative = segments.length === 0 ? 'index.html' : segments.join(sep);
  const root = normalize(rendererDir + sep);
  const file = normalize(join(root, relative));
  if (!file.startsWith(root)) return { ok: false, status: 403, reason: 'path traversal' };
  const ext = extname(file);
  // A path without an extension is a client-side route of the single-page app.
  if (!ext) return { ok: true, file: join(root, 'index.html'), mime: MIME['.html']! };
  const mime = MIME[ext];
  if (!mime) return { ok: false, status: 404, reason: 'unknown file type' };
  return { ok: true, file, mime };
}
