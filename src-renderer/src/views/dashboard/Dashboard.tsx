/** The "how is the business doing right now?" page. Old figures stay on screen until new ones arrive. */
import { useMemo, useState } from 'react';
import { GRANULARITIES, type Granularity } from '../../../../src-engine/core/dates.js';
import { Chart } from '../../charts/Chart.js';
import { breakdownOption, cashFlowOption, trendOption } from '../../charts/options.js';
import { buildTiles, type DrillTarget } from '../../format/tiles.js';
import { formatMoney } from '../../format/money.js';
import { useDashboard } from '../../state/dashboard.js';
import { currentCompany, useSession } from '../../state/session.js';
import { defaultGranularity } from '../../format/ranges.js';
import { KpiTile } from './KpiTile.js';
import { DrillList } from './DrillList.js';
import { LivePanel } from './LivePanel.js';
import { OverdueInvoices } from './OverdueInvoices.js';

export function Dashboard() {
  const { data, errors, loading, alerts, granularity, setGranularity } = useDashboard();
  const company = useSession(currentCompany);
  const range = useSession((s) => s.range);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const currency = data.overview?.company.currency ?? company?.currency ?? 'MYR';
  const tiles = useMemo(
    () => (data.overview ? buildTiles({ overview: data.overview, stats: data.stats, trends: data.trends, realtime: data.realtime }) : []),
    [data.overview, data.stats, data.trends, data.realtime],
  );
  const trend = useMemo(() => (data.trends ? trendOption(data.trends, currency) : null), [data.trends, currency]);
  const cash = useMemo(() => (data.cashTrends ? cashFlowOption(data.cashTrends, currency) : null), [data.cashTrends, currency]);
  const pie = useMemo(() => (data.breakdown ? breakdownOption(data.breakdown, currency) : null), [data.breakdown, currency]);
  const errorList = Object.entries(errors);

  if (!data.overview && errors.overview)
    return (
      <p role="alert" className="error-block" data-testid="dash-error">
        Could not load the dashboard: {errors.overview}
      </p>
    );
  if (!data.overview)
    return (
      <p aria-busy="true" className="loading">
        Loading figures…
      </p>
    );

  return (
    <div className="dashboard" aria-busy={loading}>
      {errorList.length > 0 && (
        <p role="alert" className="error-inline">
          Some figures could not be refreshed: {errorList.map(([k, m]) => `${k}: ${m}`).join('; ')}
        </p>
      )}
      <section aria-label="Key figures" className="tiles">
        {tiles.map((t) => (
          <KpiTile key={t.id} tile={t} currency={currency} stale={loading} onDrill={(x) => x.drill && setDrill(x.drill)} />
        ))}
      </section>
      {drill && <DrillList target={drill} currency={currency} onClose={() => setDrill(null)} />}
      <div className="grid">
        <section className="card wide" aria-labelledby="trend-title">
          <div className="card-head">
            <h2 id="trend-title">Revenue, expenses and profit</h2>
            <label>
              Granularity{' '}
              <select
                data-testid="granularity"
                value={granularity ?? defaultGranularity(range)}
                onChange={(e) => setGranularity(e.target.value as Granularity)}
              >
                {GRANULARITIES.map((g) => (
                  <option key={g} value={g}>
                    {g}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {trend && <Chart option={trend} label="Line chart of revenue, expenses and profit per period" testId="chart-trend" />}
        </section>
        <LivePanel realtime={data.realtime} alerts={alerts} />
        <section className="card" aria-labelledby="breakdown-title">
          <h2 id="breakdown-title">Expenses by category</h2>
          {pie && data.breakdown && (
            <Chart
              option={pie}
              label="Expense categories, share of the period's expenses. Select a slice to list its expenses."
              testId="chart-breakdown"
              onClick={(e) => {
                const c = data.breakdown?.categories.find((x) => x.label === e.name);
                if (c)
                  setDrill({
                    list: 'expenses',
                    title: `${c.label} expenses ${range.from} – ${range.to}`,
                    query: { company: data.breakdown!.company.id, from: range.from, to: range.to, category: c.code },
                  });
              }}
            />
          )}
          {data.breakdown && (
            <ul className="sr-only">
              {data.breakdown.categories.map((c) => (
                <li key={c.code}>
                  {c.label}: {formatMoney(c.amount, currency)}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="cash-title">
          <h2 id="cash-title">Cash flow: paid in vs expenses</h2>
          {cash && <Chart option={cash} label="Bar chart of invoice payments received and expenses per period" testId="chart-cashflow" />}
        </section>
        <section className="card" aria-labelledby="top-title">
          <h2 id="top-title">Top clients</h2>
          <table data-testid="top-clients">
            <thead>
              <tr>
                <th>Client</th>
                <th className="num">Revenue</th>
                <th className="num">Share</th>
              </tr>
            </thead>
            <tbody>
              {data.overview.top_clients.map((c) => (
                <tr key={c.client_id}>
                  <td>{c.name}</td>
                  <td className="num">{formatMoney(c.revenue, currency)}</td>
                  <td className="num">{c.share_pct === null ? '—' : `${c.share_pct}%`}</td>
                </tr>
              ))}
              {data.overview.top_clients.length === 0 && (
                <tr>
                  <td colSpan={3} className="muted">
                    No revenue in this period
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </section>
        <OverdueInvoices currency={currency} onOpen={setDrill} />
      </div>
    </div>
  );
}
