/**
 * Closing the port cannot be held up by a client: a request whose headers never finish (or an answer nobody
 * reads) is cut after a short grace, so the shutdown order goes on to the final backup and the database.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startFixture } from './helpers.js';

describe('closing the HTTP port', () => {
  it('cuts a request still in flight after the grace instead of waiting for the headers timeout', async () => {
    const fx = await startFixture();
    const socket = connect(fx.server.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    // Headers without their closing empty line: the server waits for more (Node's headers timeout is 60 s).
    socket.write(`GET /api/companies HTTP/1.1\r\nHost: 127.0.0.1:${fx.server.port}\r\nAuthorization: Bearer ${fx.server.token}\r\n`);
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    // A well-behaved request beside it, so the grace is shown to be the only wait.
    expect((await fx.get('/api/companies')).status).toBe(200);
    await fx.close();
    await ended;
    expect(socket.destroyed).toBe(true);
  }, 20_000);
});
