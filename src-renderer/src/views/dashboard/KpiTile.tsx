/** One KPI tile: the figure, its change vs the previous equal period (coloured by good/bad) and a sparkline. */
import type { Tile } from '../../format/tiles.js';
import { arrowOf, toneOf } from '../../format/direction.js';
import { formatChange, formatCount, formatMoney, formatPercent } from '../../format/money.js';
import { sparklinePath } from '../../format/sparkline.js';

function display(t: Tile, currency: string): string {
  if (t.value === null) return '—';
  if (t.unit === 'money') return formatMoney(t.value, currency);
  if (t.unit === 'percent') return formatPercent(t.value);
  return formatCount(t.value);
}

export function KpiTile({ tile, currency, stale, onDrill }: { tile: Tile; currency: string; stale: boolean; onDrill?: (t: Tile) => void }) {
  const tone = toneOf(tile.change, tile.higherIsBetter);
  const change = formatChange(tile.change, tile.changeUnit);
  const text = display(tile, currency);
  const body = (
    <>
      <span className="tile-label">{tile.label}</span>
      <span className="tile-value" data-testid={`tile-${tile.id}-text`}>
        {text}
      </span>
      <span className={`tile-change tone-${tone}`}>
        <span aria-hidden="true">{arrowOf(tile.change)} </span>
        {change} <span className="muted">vs {tile.changeBasis}</span>
      </span>
      {tile.note && (
        <span className="tile-note">
          {tile.note.unit === 'money' ? formatMoney(tile.note.value, currency) : formatCount(tile.note.value)} {tile.note.label}
        </span>
      )}
      {tile.spark.length > 1 && (
        <svg className={`spark tone-${tone}`} viewBox="0 0 120 28" width="120" height="28" aria-hidden="true">
          <path d={sparklinePath(tile.spark, 120, 28)} fill="none" stroke="currentColor" strokeWidth="1.5" />
        </svg>
      )}
    </>
  );
  const common = {
    className: `tile${stale ? ' stale' : ''}`,
    'data-testid': `tile-${tile.id}`,
    'data-value': tile.value === null ? '' : String(tile.value),
    'aria-label': `${tile.label}: ${text}, ${change} vs ${tile.changeBasis}`,
  };
  // a tile with a list behind it is a button: keyboard and screen readers reach the drill-through
  return tile.drill && onDrill ? (
    <button type="button" {...common} onClick={() => onDrill(tile)}>
      {body}
    </button>
  ) : (
    <div {...common} role="group">
      {body}
    </div>
  );
}
