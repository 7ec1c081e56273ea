// Time-series chart of one sensor, drawn by the web's ECharts host: the line (or the hourly
// average with its min-max band) and the warning / alarm thresholds.
import { useMemo } from 'react';
import type { SensorSeries } from '../../../../shared/contracts/sensors.ts';
import { EChart, type EChartsOption } from '../../app/EChart.tsx';

export interface ChartLabels {
  value: string;
  min: string;
  max: string;
  warn: string;
  alarm: string;
}

export function SensorChart({ series, unit, warn, alarm, labels, step }: { series: SensorSeries; unit: string; warn: number | null; alarm: number | null; labels: ChartLabels; step: boolean }) {
  const option = useMemo<EChartsOption>(() => {
    const aggregated = series.interval !== 'raw';
    const data = series.points.map((p) => [p.ts, p.value]);
    const marks = [
      ...(warn !== null ? [{ yAxis: warn, name: labels.warn, lineStyle: { color: '#d97706', type: 'dashed' as const }, label: { formatter: `${labels.warn} ${warn}`, color: '#b45309' } }] : []),
      ...(alarm !== null ? [{ yAxis: alarm, name: labels.alarm, lineStyle: { color: '#dc2626', type: 'dashed' as const }, label: { formatter: `${labels.alarm} ${alarm}`, color: '#b91c1c' } }] : []),
    ];
    const values = series.points.flatMap((p) => [p.value, p.min ?? p.value, p.max ?? p.value]);
    const thresholds = [warn, alarm].filter((x): x is number => x !== null);
    const lo = Math.min(...values, ...thresholds);
    const hi = Math.max(...values, ...thresholds);
    return {
      animation: false,
      grid: { left: 56, right: 90, top: 36, bottom: 56 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${Math.round(v * 1000) / 1000} ${unit}` : String(v)) },
      legend: { top: 0, data: aggregated ? [labels.value, labels.min, labels.max] : [labels.value] },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: unit, scale: true, min: Number.isFinite(lo) ? Math.floor((lo - (hi - lo) * 0.05) * 100) / 100 : undefined },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
      series: [
        ...(aggregated
          ? [
              { name: labels.min, type: 'line', data: series.points.map((p) => [p.ts, p.min]), showSymbol: false, lineStyle: { width: 1, opacity: 0.5, color: '#94a3b8' }, itemStyle: { color: '#94a3b8' } },
              { name: labels.max, type: 'line', data: series.points.map((p) => [p.ts, p.max]), showSymbol: false, lineStyle: { width: 1, opacity: 0.5, color: '#64748b' }, itemStyle: { color: '#64748b' } },
            ]
          : []),
        {
          name: labels.value,
          type: 'line',
          data,
          step: step ? 'end' : undefined,
          showSymbol: data.length < 60,
          lineStyle: { width: 2, color: '#0369a1' },
          itemStyle: { color: '#0369a1' },
          areaStyle: step ? { opacity: 0.15 } : undefined,
          markLine: marks.length ? { symbol: 'none', data: marks } : undefined,
        },
      ],
    };
  }, [series, unit, warn, alarm, labels, step]);

  return <EChart option={option} className="sensors-chart" testId="sensor-chart" />;
}
