// Kept so existing `core/api.js` imports work; the contract lives in core/api/.
export * from './api/index.js';
