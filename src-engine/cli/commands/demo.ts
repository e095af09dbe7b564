import type { CliCommand } from '../command.js';

// Placeholder until this command lands; keeps `kira --help` complete.
export const command: CliCommand = {
  name: 'demo',
  summary: '(not available yet)',
  usage: 'kira demo: not available yet',
  async run() {
    process.stderr.write('kira demo is not available yet\n');
    return 1;
  },
};
