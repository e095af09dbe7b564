/**
 * Progress reporting from long handlers (import, recalculation) to the live stream. Imports report per
 * parsed chunk, far more often than a progress bar can show: pass at most one event per interval per
 * company and kind, and always the last one (`final`), so the bar ends at 100%.
 */
import type { LivePayload } from '../../core/api/index.js';

export type ProgressName = 'import-progress' | 'recalculate-progress';
export type ProgressSink = <E extends ProgressName>(companyId: number, name: E, data: LivePayload<E>) => void;

export function throttledProgress(
  sink: ProgressSink,
  intervalMs = 100,
  now: () => number = () => performance.now(),
): ProgressSink & {
  final: ProgressSink;
} {
  const last = new Map<string, number>();
  const report: ProgressSink = (companyId, name, data) => {
    const key = `${companyId}:${name}`;
    const t = now();
    const prev = last.get(key);
    if (prev !== undefined && t - prev < intervalMs) return;
    last.set(key, t);
    sink(companyId, name, data);
  };
  return Object.assign(report, {
    final<E extends ProgressName>(companyId: number, name: E, data: LivePayload<E>) {
      last.delete(`${companyId}:${name}`);
      sink(companyId, name, data);
    },
  });
}
