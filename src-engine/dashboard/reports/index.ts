/** Reports: aged receivables and profit and loss, pure query modules over the rollups (no I/O beyond SQLite reads). */
export { aging } from './aging.js';
export { pnl } from './pnl.js';
export { resolveAging, resolvePnl } from './params.js';
