/** Demo data, CSV import and CSV/JSON export. */
export { generateDemo } from './demo.js';
export { ensureDemoDatabase } from './ensure-demo.js';
export { importCsv } from './csv-import.js';
