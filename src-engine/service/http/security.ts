/**
 * The local service's guard, exactly as the API contract asks: a random per-launch bearer token compared in
 * constant time, a second token for the benchmark (not rate limited), `Host` pinned to the loopback origin
 * (DNS rebinding), foreign `Origin` refused, absolute-form request targets only for this origin. Only the
 * `Authorization` header authenticates: no cookie, since a browser sends 127.0.0.1's cookies to every port of it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isKiraError } from '../../core/errors.js';
import { httpStatus } from '../common/error-shape.js';
import { httpErrors } from './errors.js';

export type Principal = 'user' | 'bench';

const digest = (s: string) => createHash('sha256').update(s).digest();

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export class Security {
  readonly token: string;
  readonly benchToken: string;
  /** The last bearer header each connection presented and passed with (weak: gone with the socket). */
  private readonly verified = new WeakMap<object, { header: string; principal: Principal }>();
  // Digests of the two tokens and the allowed Host/Origin values, computed once: the check runs on every request.
  private readonly tokenDigest: Buffer;
  private readonly benchDigest: Buffer;
  private hosts: readonly string[] = ['127.0.0.1:0', 'localhost:0'];
  private origins: readonly string[] = ['http://127.0.0.1:0', 'http://localhost:0'];

  constructor(opts: { token?: string; benchToken?: string } = {}) {
    this.token = opts.token ?? newToken();
    this.benchToken = opts.benchToken ?? newToken();
    if (this.token.length < 16) throw httpErrors.weakToken();
    this.tokenDigest = digest(this.token);
    this.benchDigest = digest(this.benchToken);
  }

  /** Set once listening: Host and Origin checks need the real port. */
  setPort(port: number): void {
    this.hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    this.origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  }

  allowedOrigins(): string[] {
    return [...this.origins];
  }

  /**
   * Throws 400 for a request target in absolute form (`GET http://host:port/path`) whose authority is not this
   * origin: RFC 9112 §3.2.2 makes that authority, not the Host header, the request's host, so it gets the same
   * pin as Host. Authority-form and asterisk-form targets (CONNECT, `OPTIONS *`) are refused too.
   */
  checkTarget(url: string | undefined): void {
    if (url === undefined || url.charCodeAt(0) === 47 /* '/' */) return;
    const lower = url.toLowerCase();
    for (const origin of this.origins) {
      if (lower.startsWith(origin) && (lower.length === origin.length || '/?'.includes(lower.charAt(origin.length)))) return;
    }
    throw httpErrors.foreignTarget();
  }

  /** Throws 403 for a foreign Host (DNS rebinding) or a foreign Origin. */
  checkOrigin(headers: IncomingHttpHeaders): void {
    const host = headers.host;
    if (host !== this.hosts[0] && host !== this.hosts[1]) {
      throw httpErrors.forbidden('this service answers only to 127.0.0.1 or localhost on its own port', { header: 'host' });
    }
    const origin = headers.origin;
    if (origin !== undefined && origin !== this.origins[0] && origin !== this.origins[1]) {
      throw httpErrors.forbidden('cross-origin requests are refused', { header: 'origin' });
    }
  }

  /**
   * Who is calling, from the bearer header; throws 401 when it is absent or wrong. With
   * `connection` (the socket), a bearer header verified earlier on that same connection is not hashed again:
   * a keep-alive client repeats it on every request, and comparing against a value this very connection
   * already presented tells it nothing new.
   */
  authenticate(headers: IncomingHttpHeaders, connection?: object): Principal {
    const auth = headers.authorization;
    if (connection !== undefined && typeof auth === 'string') {
      const known = this.verified.get(connection);
      if (known !== undefined && known.header === auth) return known.principal;
    }
    const principal = this.verify(headers);
    if (connection !== undefined && typeof auth === 'string' && auth.startsWith('Bearer '))
      this.verified.set(connection, { header: auth, principal });
    return principal;
  }

  private verify(headers: IncomingHttpHeaders): Principal {
    const auth = headers.authorization;
    if (typeof auth === 'string' && auth.startsWith('Bearer ')) {
      const presented = digest(auth.slice(7).trim());
      // Both comparisons always run, so timing does not tell which token was almost right.
      const user = timingSafeEqual(presented, this.tokenDigest);
      const bench = timingSafeEqual(presented, this.benchDigest);
      if (user) return 'user';
      if (bench) return 'bench';
    }
    throw httpErrors.unauthorized();
  }

  /** For the live plugin's WebSocket upgrade (it bypasses fastify's hooks): 0 when allowed, else the HTTP status. */
  checkUpgrade(headers: IncomingHttpHeaders): number {
    try {
      this.checkOrigin(headers);
      this.authenticate(headers);
      return 0;
    } catch (e) {
      return isKiraError(e) ? httpStatus(e) : 403;
    }
  }
}
