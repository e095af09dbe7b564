/** Names for inputs several handlers share, derived from the declarations (what the renderer's forms build). */
import type { ApiInput } from './index.js';

export type ViewQuery = ApiInput<'dashboard.overview'>;
export type TrendsQuery = ApiInput<'dashboard.trends'>;
export type ClientsQuery = ApiInput<'dashboard.clients'>;
export type ExportQuery = ApiInput<'dashboard.export'>;
export type CompanyQuery = ApiInput<'dashboard.refresh'>;
export type AgingQuery = ApiInput<'reports.aging'>;
export type PnlQuery = ApiInput<'reports.pnl'>;
export type ReportFileQuery = ApiInput<'reports.file'>;
export type ById = ApiInput<'clients.delete'>;
/** A CSV import (`import.expenses`, `import.invoices`). */
export type ImportInput = ApiInput<'import.expenses'>;
/** A statement or mapped CSV (`import.preview`, `import.statement`). */
export type StatementFileInput = ApiInput<'import.statement'>;
