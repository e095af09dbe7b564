/** CSV/JSON exports of the current range: fetched with the bearer, then saved through a temporary blob link. */
import { useState } from 'react';
import { useSession } from '../../state/session.js';
import { errorMessage } from '../../../../src-engine/core/errors.js';

const KINDS = ['overview', 'transactions', 'clients', 'trends'] as const;

export function ExportLinks() {
  const { client, companyId, range, basis } = useSession();
  const [error, setError] = useState<string | null>(null);
  const download = async (kind: (typeof KINDS)[number], format: 'csv' | 'json') => {
    if (!client || companyId === null) return;
    try {
      const f = await client.download({ company: companyId, from: range.from, to: range.to, basis, kind, format });
      const url = URL.createObjectURL(f.blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = f.filename;
      a.click();
      // revoke after the click has been handled; the download keeps its own reference
      setTimeout(() => URL.revokeObjectURL(url), 0);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title">
        Export {range.from} – {range.to}
      </h2>
      <ul className="exports">
        {KINDS.map((k) => (
          <li key={k}>
            {k}:{' '}
            <button type="button" className="link" data-testid={`export-${k}-csv`} onClick={() => void download(k, 'csv')}>
              CSV
            </button>{' '}
            <button type="button" className="link" data-testid={`export-${k}-json`} onClick={() => void download(k, 'json')}>
              JSON
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="error-inline">
          {error}
        </p>
      )}
    </section>
  );
}
