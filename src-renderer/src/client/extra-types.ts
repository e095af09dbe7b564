/** Shapes the panel and the import form need that the engine has not typed yet (adapt as they land). */
export type ImportReport = { ok: true; body: unknown } | { ok: false; body: unknown; message: string; details: Record<string, unknown> };

/** One import line error as the importer reports it (row number in the file, the column, what was wrong). */
export interface LineError {
  line: number;
  column?: string;
  message: string;
}
