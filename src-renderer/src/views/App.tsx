/** The shell: loads companies once, then shows the chosen view. */
import { lazy, Suspense, useEffect } from 'react';
import { useSession } from '../state/session.js';
import { Header } from './Header.js';
import { Dashboard } from './dashboard/Dashboard.js';
import { useLiveUpdates } from './dashboard/use-live.js';
import { errorMessage } from '../../../src-engine/core/errors.js';

// The dashboard is what a visit opens on; the other views load as their own chunks when first shown.
const ClientsView = lazy(() => import('./clients/ClientsView.js').then((m) => ({ default: m.ClientsView })));
const ReportsView = lazy(() => import('./reports/ReportsView.js').then((m) => ({ default: m.ReportsView })));
const DataView = lazy(() => import('./data/DataView.js').then((m) => ({ default: m.DataView })));
const BenchPanel = lazy(() => import('./bench/BenchPanel.js').then((m) => ({ default: m.BenchPanel })));

export function App() {
  const { client, view, fatal, companyId } = useSession();
  const setCompanies = useSession((s) => s.setCompanies);
  const setFatal = useSession((s) => s.setFatal);

  useEffect(() => {
    if (!client) return;
    client.companies().then(
      (r) =>
        r.items.length ? setCompanies(r.items) : setFatal('This database has no company yet. Create one with `kira demo` or import data.'),
      (e: unknown) => setFatal(`Could not reach the Kira service: ${errorMessage(e)}`),
    );
  }, [client, setCompanies, setFatal]);

  useLiveUpdates();

  if (fatal)
    return (
      <main className="fatal" role="alert" data-testid="fatal">
        {fatal}
      </main>
    );
  if (!client || companyId === null)
    return (
      <main className="loading" aria-busy="true">
        Loading…
      </main>
    );
  return (
    <>
      <Header />
      <main id="main">
        <Suspense
          fallback={
            <p className="loading" aria-busy="true">
              Loading…
            </p>
          }
        >
          {view === 'dashboard' && <Dashboard />}
          {view === 'clients' && <ClientsView />}
          {view === 'reports' && <ReportsView />}
          {view === 'data' && <DataView />}
          {view === 'bench' && <BenchPanel />}
        </Suspense>
      </main>
    </>
  );
}
