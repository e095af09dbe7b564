/**
 * HTTP requests built from the engine's one route table (`core/api/routes.ts`, generated from the declarations):
 * pure, unit-tested. IPC uses the same names as channels.
 */
import type { HandlerName, RouteSpec } from '../../../src-engine/core/api/index.js';
import { ROUTE_TABLE } from '../../../src-engine/core/api/routes.js';

export interface HttpRequestPlan {
  method: RouteSpec['method'];
  /** Path with `:param` segments filled and the query string appended. */
  url: string;
  /** JSON body text, or undefined for none. */
  body: string | undefined;
}

/** Query value as text; arrays repeat the key, undefined/null are omitted. */
function appendQuery(params: URLSearchParams, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const v of value) appendQuery(params, key, v);
    return;
  }
  params.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/** Build the HTTP request of a handler call: path params from the input, the rest as query, `body` as JSON. */
export function planHttpRequest(name: HandlerName, input: object): HttpRequestPlan {
  const spec: RouteSpec = ROUTE_TABLE[name];
  const fields = new Map<string, unknown>(Object.entries(input));
  const used = new Set<string>(['body']);
  const path = spec.path.replace(/:([A-Za-z_]+)/g, (_m, key: string) => {
    const v = fields.get(key);
    if (v === undefined || v === null || v === '') throw new Error(`${name}: missing path parameter ${key}`);
    used.add(key);
    return encodeURIComponent(String(v));
  });
  const params = new URLSearchParams();
  for (const [k, v] of fields) if (!used.has(k)) appendQuery(params, k, v);
  const qs = params.toString();
  const body = fields.get('body');
  const hasBody = spec.method !== 'GET' && body !== undefined;
  return {
    method: spec.method,
    url: qs ? `${path}?${qs}` : path,
    body: hasBody ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined,
  };
}
