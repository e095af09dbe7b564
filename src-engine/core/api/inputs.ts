/** Names for inputs several handlers share, derived from the declarations. */
import type { ApiInput } from './index.js';

/** A CSV import (`import.expenses`, `import.invoices`). */
export type ImportInput = ApiInput<'import.expenses'>;
/** A statement or mapped CSV (`import.preview`, `import.statement`). */
export type StatementFileInput = ApiInput<'import.statement'>;
