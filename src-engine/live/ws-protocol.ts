/**
 * The WebSocket client messages, parsed and validated. Pure: a bad message becomes a typed error the
 * connection reports back (`{ type: "error", error }`) without closing.
 */
import { ValidationError } from '../core/errors.js';

export type ClientMessage =
  { type: 'ping' } | { type: 'request_update' } | { type: 'subscribe'; company: unknown; lastEventId: number | undefined };

export function parseClientMessage(text: string): ClientMessage {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    throw new ValidationError('message must be JSON', {}, 'malformed_message');
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
    throw new ValidationError('message must be a JSON object with a "type"', {}, 'malformed_message');
  }
  const m = msg as Record<string, unknown>;
  switch (m.type) {
    case 'ping':
      return { type: 'ping' };
    case 'request_update':
      return { type: 'request_update' };
    case 'subscribe': {
      if (m.company === undefined) throw new ValidationError('subscribe needs a company', { param: 'company' });
      const last = m.last_event_id;
      if (last !== undefined && !(Number.isSafeInteger(last) && (last as number) >= 0)) {
        throw new ValidationError('last_event_id must be a non-negative integer', { param: 'last_event_id', value: last });
      }
      return { type: 'subscribe', company: m.company, lastEventId: last as number | undefined };
    }
    default:
      throw new ValidationError(
        'unknown message type (ping, request_update, subscribe)',
        { param: 'type', value: m.type },
        'unknown_message',
      );
  }
}
