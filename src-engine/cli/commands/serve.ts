import type { CliCommand } from '../command.js';

// Placeholder until this command lands; keeps `kira --help` complete.
export const command: CliCommand = {
  name: 'serve',
  summary: '(not available yet)',
  usage: 'kira serve: not available yet',
  async run() {
    process.stderr.write('kira serve is not available yet\n');
    return 1;
  },
};
