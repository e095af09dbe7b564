/**
 * src-engine/core/api/routes.ts, rendered from the declarations: the route table (method, path, cached) without the
 * schemas, for the page (it plans requests from it and so bundles neither TypeBox nor any schema).
 * test/api/generated-files.test.ts compares the file with this and rewrites it when asked (UPDATE_API_DOCS=1).
 */
import { API, HANDLER_NAMES } from '../../src-engine/core/api/index.js';
import { REGENERATE } from './api-docs.js';

export function routesFile(): string {
  const rows = HANDLER_NAMES.map((n) => {
    const d = API[n];
    return `  '${n}': { method: '${d.method}', path: '${d.path}', cached: ${String(d.cached)} },`;
  });
  return [
    `// Generated from the declarations beside this file (${REGENERATE}): do not edit by hand.`,
    '// The route table without the schemas, so the page plans its requests without bundling TypeBox and every schema.',
    "import type { HandlerName, RouteSpec } from './index.js';",
    '',
    'export const ROUTE_TABLE = {',
    ...rows,
    '} as const satisfies { [N in HandlerName]: RouteSpec };',
    '',
  ].join('\n');
}
