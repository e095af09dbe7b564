/** Which format a file is in, from its first few kilobytes. Pure. */
import { COLUMNS, REQUIRED, type ImportKind } from '../../core/csv-rows.js';
import type { DetectedFormat } from '../../core/import/types.js';

export function detectFormat(head: string): { format: DetectedFormat; kind?: ImportKind } {
  const t = head.replace(/^\uFEFF/, '').trimStart();
  if (/^OFXHEADER:/i.test(t) || /<\?OFX\b/i.test(t.slice(0, 1000)) || /^<OFX>/i.test(t)) return { format: 'ofx' };
  if (/^!(Type|Account|Option)\b/i.test(t)) return { format: 'qif' };
  if (/^<\?xml\b/.test(t) || /^</.test(t)) {
    if (/urn:iso:std:iso:20022:tech:xsd:camt\.053|<BkToCstmrStmt\b/.test(t.slice(0, 4000))) return { format: 'camt' };
    if (/<OFX\b/i.test(t.slice(0, 4000))) return { format: 'ofx' };
  }
  const first = t.split(/\r?\n/, 1)[0] ?? '';
  const cells = first.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  for (const kind of ['invoices', 'expenses'] as const) {
    const known = new Set<string>(COLUMNS[kind]);
    if (REQUIRED[kind].every((c) => cells.includes(c)) && cells.every((c) => known.has(c) || c === '')) return { format: 'kira-csv', kind };
  }
  return { format: 'csv' };
}
