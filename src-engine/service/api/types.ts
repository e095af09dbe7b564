// Input and result types are derived from the contract (core/api/index.ts); kept here for imports not yet moved to it.
export type { ApiInput, ApiResult } from '../../core/api/index.js';
export type * from './inputs.js';
