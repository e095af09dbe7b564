/** CSV import: upload progress, then the importer's own progress events, then the result or its line errors. */
import { useEffect, useState } from 'react';
import { LineErrorsTable } from './LineErrorsTable.js';
import { lineProblems, type LineProblem } from '../../format/import-report.js';
import { useLiveEvents } from '../../state/live-events.js';
import { useSession } from '../../state/session.js';
import { refreshDashboard } from '../dashboard/use-live.js';
import { errorMessage } from '../../../../src-engine/core/errors.js';

type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; upload: number; processed: number | null }
  | { kind: 'done'; count: number }
  | { kind: 'failed'; message: string; lines: LineProblem[] };

export function ImportPanel() {
  const client = useSession((s) => s.client);
  const company = useSession((s) => s.companyId);
  const [kind, setKind] = useState<'expenses' | 'invoices'>('expenses');
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });

  useEffect(
    () =>
      useLiveEvents.getState().on((event, data) => {
        if (event !== 'import-progress') return;
        // Kira's own CSV import counts rows; its last event (`done`) and a statement import's events have none.
        const processed = 'rows' in data ? data.rows : null;
        setPhase((p) => (p.kind === 'running' ? { ...p, processed } : p));
      }),
    [],
  );

  const run = async () => {
    if (!client || company === null || !file) return;
    setPhase({ kind: 'running', upload: 0, processed: null });
    try {
      const text = await file.text();
      const r = await client.importCsv(kind, company, text, (f) => setPhase((p) => (p.kind === 'running' ? { ...p, upload: f } : p)));
      const lines = r.ok ? lineProblems(r.value.errors) : [];
      // the importer is all-or-nothing: any line error means nothing was written, even with a 200
      if (!r.ok) setPhase({ kind: 'failed', message: r.error.message, lines });
      else if (lines.length === 0) {
        setPhase({ kind: 'done', count: r.value.imported });
        refreshDashboard();
      } else setPhase({ kind: 'failed', message: `${lines.length} line${lines.length === 1 ? '' : 's'} could not be read`, lines });
    } catch (e) {
      setPhase({ kind: 'failed', message: errorMessage(e), lines: [] });
    }
  };

  return (
    <section className="card" aria-labelledby="import-title">
      <h2 id="import-title">Import CSV</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
        className="form-row"
      >
        <label>
          Kind{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as 'expenses' | 'invoices')} data-testid="import-kind">
            <option value="expenses">Expenses</option>
            <option value="invoices">Invoices</option>
          </select>
        </label>
        <label>
          CSV file{' '}
          <input type="file" accept=".csv,text/csv" data-testid="import-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <button type="submit" disabled={!file || phase.kind === 'running'} data-testid="import-run">
          Import
        </button>
      </form>
      {phase.kind === 'running' && (
        <div data-testid="import-progress">
          <progress max={1} value={phase.upload} aria-label="Upload progress" />
          <span>
            {phase.upload < 1
              ? `Uploading ${Math.round(phase.upload * 100)}%`
              : phase.processed !== null
                ? `Imported ${phase.processed} rows…`
                : 'Importing…'}
          </span>
        </div>
      )}
      {phase.kind === 'done' && (
        <p role="status" data-testid="import-done">
          Import finished: {phase.count} rows.
        </p>
      )}
      {phase.kind === 'failed' && (
        <div role="alert" data-testid="import-errors" className="error-block">
          <p>Nothing was imported: {phase.message}</p>
          {phase.lines.length > 0 && <LineErrorsTable rows={phase.lines.slice(0, 200)} />}
        </div>
      )}
    </section>
  );
}
