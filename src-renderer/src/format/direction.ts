/** Whether a change is good news: up is good for revenue/profit/margin/clients, bad for expenses/overdue/outstanding. */
export type Tone = 'good' | 'bad' | 'neutral';

export function toneOf(change: number | null, higherIsBetter: boolean): Tone {
  if (change === null || !Number.isFinite(change) || change === 0) return 'neutral';
  return change > 0 === higherIsBetter ? 'good' : 'bad';
}

export function arrowOf(change: number | null): '▲' | '▼' | '•' {
  if (change === null || change === 0 || !Number.isFinite(change)) return '•';
  return change > 0 ? '▲' : '▼';
}
