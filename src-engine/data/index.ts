/** Demo data, CSV import and CSV/JSON export. */
export { generateDemo, DEMO_DEFAULTS, type DemoOptions, type DemoProgress, type DemoResult } from './demo.js';
export { ensureDemoDatabase } from './ensure-demo.js';
export { importCsv, type ImportOptions, type ImportProgress, type ImportResult } from './csv-import.js';
export { exportRows, EXPORT_FORMATS, type ExportFormat } from './export.js';
