/**
 * Bench figures as data, rendered at the edge: each figure next to its same-run baseline, and an optional
 * budget file (`{ "max": { name: n }, "min": { name: n } }`) that turns the run into a pass/fail.
 */
import { readFileSync } from 'node:fs';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The same measurement of the baseline, in the same run. */
  baseline?: number;
  goal?: string;
}

export function renderFigures(title: string, figures: readonly Figure[]): string {
  const fmt = (n: number | undefined) => (n === undefined ? '' : n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toFixed(3));
  const rows = figures.map((f) => [
    f.name,
    `${fmt(f.value)} ${f.unit}`,
    f.baseline === undefined ? '' : `${fmt(f.baseline)} ${f.unit}`,
    f.goal ?? '',
  ]);
  const head = ['figure', 'value', 'baseline', 'goal'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [`## ${title}`, line(head), ...rows.map(line)].join('\n') + '\n';
}

export interface Budget {
  max?: Record<string, number>;
  min?: Record<string, number>;
}

/** Figures outside the budget, as messages (empty when within). */
function overBudget(figures: readonly Figure[], budgetPath: string | undefined): string[] {
  if (!budgetPath) return [];
  const budget = JSON.parse(readFileSync(budgetPath, 'utf8')) as Budget;
  const problems: string[] = [];
  for (const f of figures) {
    const max = budget.max?.[f.name];
    const min = budget.min?.[f.name];
    if (max !== undefined && f.value > max) problems.push(`${f.name} = ${f.value} > budget ${max}`);
    if (min !== undefined && f.value < min) problems.push(`${f.name} = ${f.value} < budget ${min}`);
  }
  return problems;
}

/** Print, check the budget, and set the exit code. */
export function finish(title: string, figures: readonly Figure[], budgetPath: string | undefined): void {
  process.stdout.write(renderFigures(title, figures));
  const problems = overBudget(figures, budgetPath);
  for (const p of problems) process.stderr.write(`over budget: ${p}\n`);
  if (problems.length > 0) process.exitCode = 1;
}
