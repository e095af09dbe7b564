/** Document numbers: `INV-2025-0042`, `QT-2025-0007` (four digits, more once a year passes 9999). */
export type NumberKind = 'INV' | 'QT';

export function documentNumber(kind: NumberKind, year: number, n: number): string {
  return `${kind}-${year}-${String(n).padStart(4, '0')}`;
}
