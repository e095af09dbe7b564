/** The errors the benchmark's main-thread side raises (the load generator's host, its files, the panel's runs). */
import { KiraError } from '../core/errors.js';

export const benchErrors = {
  generatorFailed: (message: string) => new KiraError('internal', 'generator_failed', `load generator failed: ${message}`),
  generatorExited: (why: string) => new KiraError('internal', 'generator_exited', `load generator ${why}`),
  generatorClosed: () => new KiraError('internal', 'generator_closed', 'load generator closed'),
  notBuilt: (file: string) =>
    new KiraError('internal', 'not_built', `the load generator is not built (${file} is missing): run npm run build:engine`),
  shuttingDown: () => new KiraError('unavailable', 'shutting_down', 'the service is shutting down'),
  /** A run stopped by its caller (Ctrl-C in the CLI): the report still holds what was measured. */
  cancelled: () => new KiraError('cancelled', 'cancelled', 'the run was cancelled; the report holds what was measured'),
};
