/** The shell: loads companies once, then shows the chosen view. */
import { useEffect } from 'react';
import { useSession } from '../state/session.js';
import { Header } from './Header.js';
import { Dashboard } from './dashboard/Dashboard.js';
import { ClientsView } from './clients/ClientsView.js';
import { DataView } from './data/DataView.js';
import { BenchPanel } from './bench/BenchPanel.js';
import { useLiveUpdates } from './dashboard/use-live.js';

export function App() {
  const { client, view, fatal, companyId } = useSession();
  const setCompanies = useSession((s) => s.setCompanies);
  const setFatal = useSession((s) => s.setFatal);

  useEffect(() => {
    if (!client) return;
    client.companies().then(
      (r) => (r.items.length ? setCompanies(r.items) : setFatal('This database has no company yet. Create one with `kira demo` or import data.')),
      (e: unknown) => setFatal(`Could not reach the Kira service: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, [client, setCompanies, setFatal]);

  useLiveUpdates();

  if (fatal) return <main className="fatal" role="alert" data-testid="fatal">{fatal}</main>;
  if (!client || companyId === null) return <main className="loading" aria-busy="true">Loading…</main>;
  return (
    <>
      <Header />
      <main id="main">
        {view === 'dashboard' && <Dashboard />}
        {view === 'clients' && <ClientsView />}
        {view === 'data' && <DataView />}
        {view === 'bench' && <BenchPanel />}
      </main>
    </>
  );
}
