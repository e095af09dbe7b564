import type { CliCommand } from '../command.js';

// Placeholder until this command lands; keeps `kira --help` complete.
export const command: CliCommand = {
  name: 'check',
  summary: '(not available yet)',
  usage: 'kira check: not available yet',
  async run() {
    process.stderr.write('kira check is not available yet\n');
    return 1;
  },
};
