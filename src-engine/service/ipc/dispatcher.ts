/**
 * The IPC transport for Electron's main process: `invoke(name, input) → { status, body }` through the same
 * dispatcher (validation, cache, error shape) as HTTP, so both answer identically. Bodies are parsed JSON
 * values (structured-clone friendly); metrics come back as text and exports as `{ filename, content_type,
 * content }`. Names are checked here because IPC channel payloads come from an untrusted renderer.
 */
import { ROUTES, type HandlerName } from '../../core/api/index.js';
import type { Dispatch } from '../api/dispatch.js';
import { errorBody } from '../common/error-shape.js';

export interface IpcReply {
  status: number;
  body: unknown;
}

function isHandlerName(name: unknown): name is HandlerName {
  return typeof name === 'string' && Object.hasOwn(ROUTES, name);
}

export function createIpcDispatcher(dispatch: Dispatch): { invoke(name: unknown, input: unknown): Promise<IpcReply> } {
  return {
    async invoke(name, input) {
      if (!isHandlerName(name)) return { status: 404, body: JSON.parse(errorBody('not_found', `no handler ${String(name)}`)) as unknown };
      const out = await dispatch(name, input ?? {});
      if (out.kind === 'json') return { status: out.status, body: JSON.parse(out.text) as unknown };
      if (out.kind === 'text') return { status: out.status, body: out.text };
      const chunks: Buffer[] = [];
      for await (const c of out.stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
      return {
        status: out.status,
        body: { filename: out.filename, content_type: out.contentType, content: Buffer.concat(chunks).toString('utf8') },
      };
    },
  };
}
