/**
 * One endpoint as a suite: what `kira bench URL -m -H -b` and the panel's single-endpoint mode run. Pure, so the
 * CLI and the renderer build the same scenario: the URL's path and query, any 2xx/3xx answer a success.
 */

/** Every 2xx and 3xx status: an endpoint test of an arbitrary API counts what wrk counts as a success. */
const SUCCESS_STATUSES: readonly number[] = Array.from({ length: 200 }, (_, i) => 200 + i);

/** A scenario name from the method and path: `post_api_items` (names allow letters, digits, _ . @ -). */
function endpointName(method: string, pathname: string): string {
  return `${method.toLowerCase()}${pathname.replace(/[^A-Za-z0-9_.@-]+/g, '_')}`.replace(/_+$/, '').slice(0, 80) || 'endpoint';
}

export interface OneLineInput {
  url: URL;
  method: string;
  body?: string | undefined;
  headers?: Record<string, string>;
  users?: number;
  duration_s?: number;
}

/** The suite JSON (as a file would hold it) for one endpoint; the target is the URL's origin. */
export function oneLineSuite(input: OneLineInput): Record<string, unknown> {
  const { url, method, body } = input;
  let json = false;
  if (body !== undefined) {
    try {
      JSON.parse(body);
      json = true;
    } catch {
      json = false;
    }
  }
  const hasType = Object.keys(input.headers ?? {}).some((h) => h.toLowerCase() === 'content-type');
  const headers = body !== undefined && json && !hasType ? { 'content-type': 'application/json' } : null;
  return {
    name: url.host,
    scenarios: [
      {
        name: endpointName(method, url.pathname),
        request: {
          method: method.toUpperCase(),
          path: `${url.pathname}${url.search}`,
          expect_status: SUCCESS_STATUSES,
          ...(body !== undefined ? { body } : {}),
          ...(headers ? { headers } : {}),
        },
        model: { type: 'closed', users: input.users ?? 10 },
        duration_s: input.duration_s ?? 10,
        warmup: { requests: 10, duration_s: 1 },
      },
    ],
  };
}
