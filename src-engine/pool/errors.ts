/** Typed errors of the worker pool and the recalculation (mapped to the common error shape by transports). */
import { KiraError } from '../core/errors.js';

export class WorkerFileMissingError extends KiraError {
  constructor(path: string) {
    super('internal', 'worker_file_missing', `Compiled worker file not found: ${path} (run npm run build:engine)`, { path });
  }
}

export class PoolClosedError extends KiraError {
  constructor() {
    super('unavailable', 'pool_closed', 'The worker pool is closed');
  }
}

/** The caller's AbortSignal fired or the pool closed before the task ran. */
export class TaskCancelledError extends KiraError {
  constructor(reason: string) {
    super('cancelled', 'cancelled', `Task cancelled: ${reason}`, { reason });
  }
}

export class RecalculationRunningError extends KiraError {
  constructor(companyId: number) {
    super('conflict', 'recalculation_running', `A recalculation of company ${companyId} is already running`, { companyId });
  }
}

/** The swapped-in rollups disagreed with the raw rows; the transaction was rolled back. */
export class RollupVerificationError extends KiraError {
  constructor(companyId: number, mismatches: unknown[]) {
    super('internal', 'rollup_verification_failed', `Recalculated rollups of company ${companyId} do not match the raw rows`, {
      companyId,
      mismatches: mismatches.slice(0, 10),
    });
  }
}
