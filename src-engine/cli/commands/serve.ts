/** `kira serve`: the dashboard service on 127.0.0.1 until SIGINT/SIGTERM. */
import { intFlag, parseFlags, requireFlag, type CliCommand } from '../command.js';
import { startServer } from '../../service/server.js';

const USAGE = `Usage: kira serve --db PATH [--port N] [--token T] [--demo]

Serves the dashboard API (and the built renderer, when dist-renderer/ exists) on 127.0.0.1 only.
  --db PATH     SQLite database file
  --port N      port (default: a free one)
  --token T     bearer token (default: a random one per launch; at least 16 characters)
  --demo        create demo books first if PATH does not exist
Prints the URL to open once, with the token in its #fragment (never sent to the server or its logs).`;

export const command: CliCommand = {
  name: 'serve',
  summary: 'serve the dashboard API and page on 127.0.0.1',
  usage: USAGE,
  async run(argv) {
    const { values } = parseFlags(argv, {
      db: { type: 'string' },
      port: { type: 'string' },
      token: { type: 'string' },
      demo: { type: 'boolean' },
    });
    const server = await startServer({
      dbPath: requireFlag(values.db, 'db'),
      port: intFlag(values.port, 'port', 0, 0, 65535),
      token: values.token,
      demo: values.demo ?? false,
    });
    process.stdout.write(`Kira is serving ${server.url}\nOpen: ${server.url}/#token=${server.token}\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    return 0;
  },
};
