import type { CliCommand } from '../command.js';

// Placeholder until this command lands; keeps `kira --help` complete.
export const command: CliCommand = {
  name: 'bench',
  summary: '(not available yet)',
  usage: 'kira bench: not available yet',
  async run() {
    process.stderr.write('kira bench is not available yet\n');
    return 1;
  },
};
