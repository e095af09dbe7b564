import type { CliCommand } from '../command.js';

// Placeholder until this command lands; keeps `kira --help` complete.
export const command: CliCommand = {
  name: 'export',
  summary: '(not available yet)',
  usage: 'kira export: not available yet',
  async run() {
    process.stderr.write('kira export is not available yet\n');
    return 1;
  },
};
