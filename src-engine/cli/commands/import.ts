import type { CliCommand } from '../command.js';

// Placeholder until this command lands; keeps `kira --help` complete.
export const command: CliCommand = {
  name: 'import',
  summary: '(not available yet)',
  usage: 'kira import: not available yet',
  async run() {
    process.stderr.write('kira import is not available yet\n');
    return 1;
  },
};
