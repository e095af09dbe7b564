/**
 * HTTP requests built from the engine's one route table (`core/api.ts` ROUTES, benchmark routes included):
 * pure, unit-tested. IPC uses the same names as channels.
 */
import { ROUTES, type HandlerName, type RouteSpec } from '../../../src-engine/core/api.js';

/** Every call the renderer makes names an engine handler. */
export type RendererRouteName = HandlerName;

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
export function planHttpRequest(name: RendererRouteName, input: Record<string, unknown>): HttpRequestPlan {
  const spec: RouteSpec = ROUTES[name];
  const used = new Set<string>(['body']);
  const path = spec.path.replace(/:([A-Za-z_]+)/g, (_m, key: string) => {
    const v = input[key];
    if (v === undefined || v === null || v === '') throw new Error(`${name}: missing path parameter ${key}`);
    used.add(key);
    return encodeURIComponent(String(v));
  });
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(input)) if (!used.has(k)) appendQuery(params, k, v);
  const qs = params.toString();
  const hasBody = spec.method !== 'GET' && input.body !== undefined;
  return {
    method: spec.method,
    url: qs ? `${path}?${qs}` : path,
    body: hasBody ? (typeof input.body === 'string' ? input.body : JSON.stringify(input.body)) : undefined,
  };
}
