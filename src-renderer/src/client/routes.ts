/**
 * The renderer's route table: the engine's ROUTES plus the benchmark routes the service adds for the panel.
 * HTTP requests are built from it here (pure, unit-tested); IPC uses the same names as channels.
 */
import { ROUTES, type RouteSpec } from '../../../src-engine/core/api.js';

// The benchmark panel's endpoints (service-side, not yet in core/api.ts): kept here until they join ROUTES.
export const BENCH_ROUTES = {
  'bench.suites': { method: 'GET', path: '/api/bench/suites' },
  'bench.start': { method: 'POST', path: '/api/bench/runs' },
  'bench.list': { method: 'GET', path: '/api/bench/runs' },
  'bench.get': { method: 'GET', path: '/api/bench/runs/:id' },
  'bench.cancel': { method: 'POST', path: '/api/bench/runs/:id/cancel' },
} as const satisfies Record<string, RouteSpec>;

export const RENDERER_ROUTES = { ...ROUTES, ...BENCH_ROUTES } as const;
export type RendererRouteName = keyof typeof RENDERER_ROUTES;

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
  const spec: RouteSpec = RENDERER_ROUTES[name];
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
