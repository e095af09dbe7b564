/**
 * A server in its own process for the wrk comparison (compiled to dist/bench/lib/server-child.js), so its CPU
 * time is its own and nothing else's: `kira DB` starts Kira's service on that database, `bare` a bare node:http
 * server answering the bytes it is sent. It speaks by IPC: `ready` with its URL (and Kira's bench token), then
 * answers `cpu` with process.cpuUsage() and exits on `stop`.
 */
import { startBareServer } from './bare-server.js';

export type ServerChildRequest = { cmd: 'cpu' } | { cmd: 'stop' } | { cmd: 'bare'; body: string; contentType: string };
export type ServerChildReply =
  | { kind: 'ready'; url: string; token: string }
  | { kind: 'cpu'; usage: NodeJS.CpuUsage; hitPathAnswers: number }
  | { kind: 'error'; message: string };

const send = (m: ServerChildReply) => process.send?.(m);
const [mode, dbPath] = process.argv.slice(2);
let close: () => Promise<void> = async () => {};
/** Kira's count of requests its cache-hit path answered (0 for the bare server). */
let hitPathAnswers = () => 0;

process.on('message', (m: ServerChildRequest) => {
  if (m.cmd === 'cpu') send({ kind: 'cpu', usage: process.cpuUsage(), hitPathAnswers: hitPathAnswers() });
  else if (m.cmd === 'stop') void close().finally(() => process.exit(0));
  else if (m.cmd === 'bare') {
    void startBareServer(Buffer.from(m.body, 'base64'), m.contentType).then((bare) => {
      close = bare.close;
      send({ kind: 'ready', url: bare.url, token: '' });
    });
  }
});

if (mode === 'kira') {
  if (!dbPath) throw new Error('usage: server-child kira DB | server-child bare');
  // Imported only here, so the bare server's process carries none of the engine.
  const { startServer } = await import('../../src-engine/service/root/server.js');
  const server = await startServer({ dbPath, port: 0 });
  close = server.close;
  hitPathAnswers = () => server.app.hitPath.stats().answered;
  send({ kind: 'ready', url: server.url, token: server.benchToken });
} else if (mode !== 'bare') {
  send({ kind: 'error', message: `unknown mode ${mode}` });
  process.exit(2);
}
