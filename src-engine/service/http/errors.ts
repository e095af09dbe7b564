/** The errors the HTTP guard raises itself (token, Host/Origin, request target, rate limit). */
import { KiraError } from '../../core/errors.js';

export const httpErrors = {
  weakToken: () => new KiraError('invalid', 'weak_token', 'the token must have at least 16 characters'),
  foreignTarget: () =>
    new KiraError('invalid', 'bad_request', 'a request target in absolute form must name this service (http://127.0.0.1:<port>)', {
      param: 'url',
    }),
  unauthorized: () => new KiraError('unauthorized', 'unauthorized', 'a valid bearer token is required'),
  forbidden: (message: string, details: Record<string, unknown> = {}) => new KiraError('forbidden', 'forbidden', message, details),
  rateLimited: () => new KiraError('rate_limited', 'rate_limited', 'too many requests; slow down'),
};
