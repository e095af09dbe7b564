export * from './alerts.js';
export * from './dedupe.js';
export * from './score.js';
export * from './settings.js';
export * from './types.js';
