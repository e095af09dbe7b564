/** Caps on what one API request may ask for, shared by the declarations and the service. */
import { LIMITS } from '../validate/limits.js';

export const VIEW_LIMITS = {
  maxPage: LIMITS.maxPage,
  maxPageSize: LIMITS.maxPageSize,
  /** Trend buckets per request. */
  maxPeriods: 120,
  maxBatchRequests: 20,
} as const;
