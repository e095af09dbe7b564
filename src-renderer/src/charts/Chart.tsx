/**
 * A React host for one echarts instance: updates merge into the live chart (no re-create, no flicker).
 * echarts is loaded as its own chunk after the first render, so the KPI tiles paint without waiting for it.
 */
import { useEffect, useRef, useState } from 'react';
import type { ChartOption } from './echarts.js';
import { useColorScheme } from '../views/use-color-scheme.js';

type EchartsModule = typeof import('./echarts.js');
type ECharts = ReturnType<EchartsModule['echarts']['init']>;

let loading: Promise<EchartsModule> | null = null;
function loadEcharts(): Promise<EchartsModule> {
  loading ??= import('./echarts.js');
  return loading;
}

export interface ChartClick {
  seriesName?: string;
  name: string;
  dataIndex: number;
}

interface Props {
  option: ChartOption;
  /** Read by screen readers (echarts' aria module adds a generated description too). */
  label: string;
  height?: number;
  testId?: string;
  onClick?: (e: ChartClick) => void;
}

export function Chart({ option, label, height = 260, testId, onClick }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const scheme = useColorScheme();
  const [lib, setLib] = useState<EchartsModule | null>(null);

  useEffect(() => {
    let alive = true;
    void loadEcharts().then((m) => alive && setLib(m));
    return () => {
      alive = false;
    };
  }, []);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    const el = host.current;
    if (!el || !lib) return;
    const c = lib.echarts.init(el, scheme === 'dark' ? 'dark' : undefined, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (p) => {
      const params = p as { seriesName?: string; name?: string; dataIndex?: number };
      clickRef.current?.({ seriesName: params.seriesName, name: String(params.name ?? ''), dataIndex: params.dataIndex ?? 0 });
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [scheme, lib]);

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: 'transparent', aria: { enabled: true }, ...option }, { notMerge: false, lazyUpdate: true });
  }, [option, scheme, lib]);

  return <div ref={host} className="chart" role="img" aria-label={label} data-testid={testId} style={{ height }} />;
}
