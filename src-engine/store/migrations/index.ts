import type { Migration } from '../migrate.js';
import { migration as initial } from './001-initial.js';

/** Every migration in order. Append; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [initial];
