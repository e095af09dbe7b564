/** Row counts of the books behind an embedded target, reported beside the figures (dataset size). */
export function datasetCounts(db: { prepare(sql: string): { get(): unknown } }): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ['companies', 'clients', 'quotes', 'invoices', 'expenses']) {
    try {
      out[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    } catch {
      // A table that does not exist (older schema) is simply not reported.
    }
  }
  return out;
}
