/**
 * The WebSocket transport: `ws` in noServer mode on the HTTP server's `upgrade` event (fastify's hooks do not
 * run for upgrades, so Host/Origin/auth are checked here with the service's own checks). One connection
 * follows one company at a time; `subscribe` switches it.
 *
 * Close codes: 1000 normal, 1001 server shutting down, 1008 policy (auth, unknown company at connect),
 * 1009 message too big (by `ws` itself), 1011 server error, 1013 dropped as a slow consumer.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isKiraError, ValidationError } from '../core/errors.js';
import { wsMessage } from './event.js';
import type { LiveEvent } from './event.js';
import type { LiveHub } from './hub.js';
import type { DropInfo, StreamLimits } from './limits.js';
import { startingEvents } from './resume.js';
import { parseClientMessage } from './ws-protocol.js';

export interface WsGuard {
  /** Throws (a KiraError of kind 'forbidden') for a foreign Host or Origin: the upgrade is refused outright with 403. */
  checkOrigin(req: IncomingMessage): void;
  /** Throws when the request carries no valid token/session: the socket is closed with 1008. */
  authenticate(req: IncomingMessage): void;
  /** `company` query value → company id; throws ValidationError/NotFoundError. */
  resolveCompany(raw: unknown): number;
}

export interface WsEndpoint {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Close every connection with 1001 (shutdown). */
  close(): void;
}

function errorMessage(e: unknown): string {
  const body = isKiraError(e) ? e.toJSON() : { error: { code: 'internal', message: 'internal error', details: {} } };
  return JSON.stringify({ type: 'error', ...body });
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function createWsEndpoint(hub: LiveHub, guard: WsGuard, limits: StreamLimits, onDrop: (info: DropInfo) => void): WsEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false });

  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    try {
      guard.checkOrigin(req);
    } catch (e) {
      refuse(socket, 403, 'Forbidden');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, req));
  };

  const serve = (ws: WebSocket, req: IncomingMessage): void => {
    try {
      guard.authenticate(req);
    } catch (e) {
      ws.send(errorMessage(e));
      ws.close(1008, 'unauthorized');
      return;
    }
    let companyId: number;
    try {
      companyId = guard.resolveCompany(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('company') ?? undefined);
    } catch (e) {
      ws.send(errorMessage(e));
      ws.close(1008, 'unknown or invalid company');
      return;
    }

    let unsubscribe = (): void => {};
    let alive = true;
    let dropped = false;

    const drop = (reason: DropInfo['reason']): void => {
      if (dropped) return;
      dropped = true;
      unsubscribe();
      onDrop({ transport: 'ws', companyId, reason });
      if (reason === 'heartbeat_timeout') {
        ws.terminate(); // a dead peer cannot take part in a close handshake
        return;
      }
      ws.close(1013, reason);
      // A peer that does not read will never answer the close handshake.
      setTimeout(() => ws.terminate(), limits.dropGraceMs).unref();
    };

    const send = (text: string): void => {
      if (dropped || ws.readyState !== ws.OPEN) return;
      ws.send(text);
      if (ws.bufferedAmount > limits.maxBufferedBytes) drop('slow_consumer');
    };

    const follow = (id: number, lastId: number | undefined): void => {
      // Start state and subscription in one tick (see resume.ts); the old subscription ends only once the new
      // one exists, so a failure leaves the connection on its previous company.
      const first = startingEvents(hub, id, lastId);
      const next = hub.subscribe(id, (e: LiveEvent) => send(wsMessage(e)), 'ws');
      unsubscribe();
      companyId = id;
      unsubscribe = next;
      send(JSON.stringify({ type: 'subscribed', company: id }));
      for (const e of first) send(wsMessage(e));
    };

    const onMessage = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void => {
      try {
        if (isBinary) throw new ValidationError('messages must be JSON text', {}, 'malformed_message');
        const msg = parseClientMessage(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8'));
        switch (msg.type) {
          case 'ping':
            send('{"type":"pong"}');
            break;
          case 'request_update':
            send(wsMessage(hub.snapshot(companyId)));
            break;
          case 'subscribe':
            follow(guard.resolveCompany(msg.company), msg.lastEventId);
            break;
        }
      } catch (e) {
        if (!isKiraError(e)) {
          // Not the client's fault: say so and close rather than run on in an unknown state.
          send(errorMessage(e));
          ws.close(1011, 'server error');
          return;
        }
        send(errorMessage(e));
      }
    };

    ws.on('message', onMessage);
    ws.on('pong', () => {
      alive = true;
    });
    const heartbeat = setInterval(() => {
      if (!alive) {
        drop('heartbeat_timeout');
        return;
      }
      alive = false;
      ws.ping();
    }, limits.heartbeatMs);
    ws.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
    ws.on('error', () => ws.terminate());

    try {
      follow(companyId, undefined);
    } catch (e) {
      send(errorMessage(e));
      ws.close(1011, 'server error');
    }
  };

  return {
    handleUpgrade,
    close: () => {
      for (const ws of wss.clients) {
        ws.close(1001, 'server shutting down');
        setTimeout(() => ws.terminate(), limits.dropGraceMs).unref();
      }
      wss.close();
    },
  };
}
