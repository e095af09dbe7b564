/**
 * The app:// request handler: `resolveAppRequest` decides, this reads the file and answers with the strict CSP.
 * Written against the web `Request`/`Response` types Electron's `protocol.handle` uses (Node has them too), so
 * it is tested without Electron.
 */
import { readFile } from 'node:fs/promises';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, resolveAppRequest } from './app-protocol.js';

/** For `protocol.registerSchemesAsPrivileged` (before `ready`): a secure standard origin, so `'self'` means app://kira. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: false },
} as const;

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
} as const;

export type FileReader = (path: string) => Promise<Uint8Array>;

export function createAppProtocolHandler(rendererDir: string, read: FileReader = readFile): (request: Request) => Promise<Response> {
  return async (request) => {
    const decision = resolveAppRequest(request.method, request.url, rendererDir);
    if (!decision.ok)
      return new Response(decision.reason, {
        status: decision.status,
        headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
      });
    let body: Uint8Array;
    try {
      body = await read(decision.file);
    } catch {
      // Missing or unreadable: the same answer either way, no path in it.
      return new Response('not found', { status: 404, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' } });
    }
    return new Response(body, {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'content-type': decision.mime, 'cache-control': 'no-cache' },
    });
  };
}
