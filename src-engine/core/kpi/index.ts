export * from './averages.js';
export * from './fit.js';
export * from './payment.js';
export * from './trend.js';
