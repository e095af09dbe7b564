/**
 * Bank statements and other programs' CSVs: drop a file, see the detected format and the first rows as mapped,
 * choose a saved mapping or edit one (JSON, the spec's keys: columns, date format, separators, title rows), save
 * it by name, import with progress, then imported / duplicates / rejected lines / unmatched money in, which can be
 * matched to an invoice here.
 */
import { useEffect, useState } from 'react';
import type { ImportFileResult, Preview, UnmatchedMoneyIn } from '../../../../src-engine/core/import/types.js';
import type { ApiResult } from '../../../../src-engine/core/api/index.js';
import { lineProblems } from '../../format/import-report.js';
import { formatMoney } from '../../format/money.js';
import { currentCompany, useSession } from '../../state/session.js';
import { refreshDashboard } from '../dashboard/use-live.js';
import { LineErrorsTable } from './LineErrorsTable.js';
import { errorMessage } from '../../../../src-engine/core/errors.js';

type SavedMapping = ApiResult<'import.mappings'>['items'][number];
type Outcome =
  { kind: 'idle' } | { kind: 'running'; upload: number } | { kind: 'done'; result: ImportFileResult } | { kind: 'failed'; message: string };

const TEMPLATE = (header: string[]) =>
  JSON.stringify(
    {
      columns: { date: header[0] ?? 'Date', description: header[1] ?? 'Description', amount: header[2] ?? 'Amount' },
      date_format: 'DD/MM/YYYY',
      decimal: '.',
      thousands: ',',
      skip_rows: 0,
      delimiter: ',',
      category: 'other',
      category_rules: [],
    },
    null,
    2,
  );

export function StatementImportPanel() {
  const client = useSession((s) => s.client);
  const company = useSession(currentCompany);
  const currency = company?.currency ?? 'MYR';
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [saved, setSaved] = useState<SavedMapping[]>([]);
  const [mappingText, setMappingText] = useState('');
  const [saveName, setSaveName] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const [matched, setMatched] = useState<Record<string, string>>({});

  const loadSaved = () => {
    if (!client || !company) return;
    client.call('import.mappings', { company: company.id }).then(
      (r) => setSaved(r.items),
      (e: unknown) => {
        setSaved([]);
        setProblem(`Saved mappings unavailable: ${errorMessage(e)}`);
      },
    );
  };
  useEffect(loadSaved, [client, company]);

  // The file and the edited mapping go with both the preview and the import.
  const upload = () => {
    if (!client || !company || text === null) throw new Error('no file');
    return { client, text, input: { company: company.id, ...(mappingText.trim() ? { mapping: mappingText } : {}) } };
  };

  const refreshPreview = async () => {
    setProblem(null);
    try {
      const u = upload();
      const r = await u.client.upload('import.preview', { ...u.input, rows: 10 }, u.text, () => {});
      if (!r.ok) {
        setPreview(null);
        setProblem(r.error.message);
        return;
      }
      const p = r.value;
      setPreview(p);
      // The current text, not this render's: a mapping chosen while the preview was on its way must not be
      // replaced by the template (it was, and the import then ran with the template).
      if (p.needs_mapping) setMappingText((current) => (current.trim() ? current : TEMPLATE(p.header)));
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };
  useEffect(() => {
    if (text !== null) void refreshPreview();
    // mappingText changes are previewed on demand (the Preview button), not on every keystroke
  }, [text]);

  const chooseFile = (f: File | undefined) => {
    if (!f) return;
    setFileName(f.name);
    setOutcome({ kind: 'idle' });
    void f.text().then(setText);
  };

  const save = async () => {
    if (!client || !company || !saveName.trim()) return;
    try {
      const mapping: unknown = JSON.parse(mappingText);
      if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) throw new Error('The mapping must be a JSON object');
      await client.call('import.saveMapping', { company: company.id, body: { name: saveName.trim(), mapping: { ...mapping } } });
      setProblem(null);
      loadSaved();
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };

  const run = async () => {
    setOutcome({ kind: 'running', upload: 0 });
    try {
      const u = upload();
      const r = await u.client.upload('import.statement', u.input, u.text, (f) => setOutcome({ kind: 'running', upload: f }));
      if (!r.ok) setOutcome({ kind: 'failed', message: r.error.message });
      else {
        setOutcome({ kind: 'done', result: r.value });
        refreshDashboard();
      }
    } catch (e) {
      setOutcome({ kind: 'failed', message: errorMessage(e) });
    }
  };

  const matchOne = async (u: UnmatchedMoneyIn) => {
    if (!client || !company) return;
    const id = Number(matched[u.key]);
    if (!Number.isInteger(id) || id < 1) return;
    try {
      await client.call('import.match', { company: company.id, body: { invoice_id: id, date: u.date, amount: u.amount, key: u.key } });
      setMatched((m) => ({ ...m, [u.key]: 'matched' }));
      refreshDashboard();
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };

  const result = outcome.kind === 'done' && !outcome.result.needs_mapping ? outcome.result : null;
  return (
    <section
      className="card"
      aria-labelledby="statement-title"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        chooseFile(e.dataTransfer.files[0]);
      }}
    >
      <h2 id="statement-title">Import a bank statement or another program's CSV</h2>
      <p className="hint">OFX / QFX, QIF, CAMT.053 or CSV. Drop a file here or choose one.</p>
      <input
        type="file"
        accept=".ofx,.qfx,.qif,.xml,.csv,.txt"
        data-testid="statement-file"
        onChange={(e) => chooseFile(e.target.files?.[0])}
      />
      {preview && (
        <p data-testid="statement-format">
          {fileName}: <strong>{preview.format === 'kira-csv' ? "Kira's own CSV" : preview.format.toUpperCase()}</strong>
          {!preview.needs_mapping && preview.format !== 'kira-csv' && (
            <>
              {' '}
              — {preview.row_count} transactions, money out {formatMoney(preview.money_out, currency)}, money in{' '}
              {formatMoney(preview.money_in, currency)}
            </>
          )}
        </p>
      )}
      {preview?.needs_mapping && (
        <div data-testid="statement-needs-mapping">
          <p>This CSV needs a mapping. Its first lines:</p>
          <pre className="first-lines">{preview.first_lines.map((l, i) => `${i + 1}: ${l}`).join('\n')}</pre>
        </div>
      )}
      {text !== null && (
        <div className="mapping">
          <label>
            Saved mapping{' '}
            <select
              data-testid="statement-saved"
              value=""
              onChange={(e) => {
                const m = saved.find((s) => s.name === e.target.value);
                if (m) {
                  setMappingText(JSON.stringify(m.mapping, null, 2));
                  setSaveName(m.name);
                }
              }}
            >
              <option value="">—</option>
              {saved.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label className="block">
            Mapping (JSON: columns, date_format, decimal, thousands, skip_rows, delimiter, category, category_rules)
            <textarea
              data-testid="statement-mapping"
              rows={8}
              value={mappingText}
              onChange={(e) => setMappingText(e.target.value)}
              spellCheck={false}
            />
          </label>
          <div className="form-row">
            <button type="button" data-testid="statement-preview" onClick={() => void refreshPreview()}>
              Preview
            </button>
            <input
              aria-label="Mapping name"
              placeholder="Name"
              value={saveName}
              onChange={(e) => setSaveName(e.target.value)}
              data-testid="statement-save-name"
            />
            <button
              type="button"
              data-testid="statement-save"
              disabled={!saveName.trim() || !mappingText.trim()}
              onClick={() => void save()}
            >
              Save mapping
            </button>
          </div>
        </div>
      )}
      {problem && (
        <p role="alert" className="error-block" data-testid="statement-problem">
          {problem}
        </p>
      )}
      {preview && !preview.needs_mapping && preview.rows.length > 0 && (
        <table data-testid="statement-preview-rows">
          <thead>
            <tr>
              <th>Line</th>
              <th>Date</th>
              <th>Payee / description</th>
              <th>Amount</th>
              <th>Category</th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r) => (
              <tr key={r.line}>
                <td>{r.line}</td>
                <td>{r.date}</td>
                <td>{[r.payee, r.description].filter(Boolean).join(' — ')}</td>
                <td className="num">{formatMoney(r.amount, currency)}</td>
                <td>{r.category ?? 'money in → invoice'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview && preview.error_count > 0 && (
        <p className="error-block" data-testid="statement-preview-errors">
          {preview.error_count} line(s) cannot be read, first: line {preview.errors[0]?.line}: {preview.errors[0]?.reason}
        </p>
      )}
      {text !== null && (
        <button
          type="button"
          data-testid="statement-run"
          disabled={outcome.kind === 'running' || (!!preview?.needs_mapping && !mappingText.trim())}
          onClick={() => void run()}
        >
          Import
        </button>
      )}
      {outcome.kind === 'running' && (
        <progress data-testid="statement-progress" max={1} value={outcome.upload} aria-label="Upload progress" />
      )}
      {outcome.kind === 'failed' && (
        <p role="alert" className="error-block" data-testid="statement-failed">
          Nothing was imported: {outcome.message}
        </p>
      )}
      {outcome.kind === 'done' && outcome.result.needs_mapping && (
        <p role="alert" data-testid="statement-failed">
          Choose or write a mapping first.
        </p>
      )}
      {result && (
        <div role="status" data-testid="statement-result">
          <p>
            Imported {result.imported}; duplicates skipped {'duplicates' in result ? result.duplicates : 0}; rejected {result.rejected}.
          </p>
          {result.errors.length > 0 && <LineErrorsTable testId="statement-errors" rows={lineProblems(result.errors)} />}
          {'unmatched' in result && result.unmatched.length > 0 && (
            <table data-testid="statement-unmatched">
              <caption>Money in not matched to an open invoice (not imported)</caption>
              <thead>
                <tr>
                  <th>Line</th>
                  <th>Date</th>
                  <th>From</th>
                  <th>Amount</th>
                  <th>Invoice id</th>
                </tr>
              </thead>
              <tbody>
                {result.unmatched.map((u) => (
                  <tr key={u.key}>
                    <td>{u.line}</td>
                    <td>{u.date}</td>
                    <td>{[u.payee, u.description].filter(Boolean).join(' — ')}</td>
                    <td className="num">{formatMoney(u.amount, currency)}</td>
                    <td>
                      {matched[u.key] === 'matched' ? (
                        'paid'
                      ) : (
                        <>
                          <input
                            aria-label={`Invoice id for line ${u.line}`}
                            size={6}
                            value={matched[u.key] ?? ''}
                            onChange={(e) => setMatched((m) => ({ ...m, [u.key]: e.target.value }))}
                          />
                          <button type="button" onClick={() => void matchOne(u)}>
                            Match
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
