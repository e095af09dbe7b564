/**
 * The local service's guard, exactly as the API contract asks: a random per-launch bearer token compared in
 * constant time, a second token for the benchmark (not rate limited), `Host` pinned to the loopback origin
 * (DNS rebinding), foreign `Origin` refused, and an HttpOnly SameSite=Strict session cookie for the browser
 * page (EventSource/WebSocket cannot send headers, and a token in a URL ends up in logs).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { KiraError } from '../core/errors.js';

export const SESSION_COOKIE = 'kira_session';

export type Principal = 'user' | 'bench';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time string equality: equal-length digests, so neither content nor length leaks through timing. */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export class UnauthorizedError extends KiraError {
  constructor() {
    super(401, 'unauthorized', 'a valid bearer token or session cookie is required');
  }
}

export class ForbiddenError extends KiraError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(403, 'forbidden', message, details);
  }
}

export class Security {
  readonly token: string;
  readonly benchToken: string;
  /** Session ids by their digest (hex): a lookup on a digest leaks nothing usable about the stored ids. */
  private readonly sessions = new Set<string>();
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
    if (this.token.length < 16) throw new KiraError(400, 'weak_token', 'the token must have at least 16 characters');
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

  /** Throws 403 for a foreign Host (DNS rebinding) or a foreign Origin. */
  checkOrigin(headers: IncomingHttpHeaders): void {
    const host = headers.host;
    if (host !== this.hosts[0] && host !== this.hosts[1]) {
      throw new ForbiddenError('this service answers only to 127.0.0.1 or localhost on its own port', { header: 'host' });
    }
    const origin = headers.origin;
    if (origin !== undefined && origin !== this.origins[0] && origin !== this.origins[1]) {
      throw new ForbiddenError('cross-origin requests are refused', { header: 'origin' });
    }
  }

  /**
   * Who is calling, from the bearer header or the session cookie; throws 401 when neither is valid. With
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
    if (connection !== undefined && typeof auth === 'string' && auth.startsWith('Bearer ')) this.verified.set(connection, { header: auth, principal });
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
      throw new UnauthorizedError();
    }
    const session = readCookie(headers.cookie, SESSION_COOKIE);
    if (session && this.sessions.has(digest(session).toString('hex'))) return 'user';
    throw new UnauthorizedError();
  }

  /** A new session id for `POST /api/session`, returned as the Set-Cookie header value. */
  newSessionCookie(): string {
    const id = newToken();
    this.sessions.add(digest(id).toString('hex'));
    return `${SESSION_COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/api`;
  }

  /** For the live plugin's WebSocket upgrade (it bypasses fastify's hooks): 0 when allowed, else the HTTP status. */
  checkUpgrade(headers: IncomingHttpHeaders): number {
    try {
      this.checkOrigin(headers);
      this.authenticate(headers);
      return 0;
    } catch (e) {
      return e instanceof KiraError ? e.status : 403;
    }
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
