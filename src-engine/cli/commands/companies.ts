import type { CliCommand } from '../command.js';

// Placeholder until this command lands; keeps `kira --help` complete.
export const command: CliCommand = {
  name: 'companies',
  summary: '(not available yet)',
  usage: 'kira companies: not available yet',
  async run() {
    process.stderr.write('kira companies is not available yet\n');
    return 1;
  },
};
