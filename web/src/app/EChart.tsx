// The web's one ECharts host (dashboard widgets, sensor charts): renders an option into a
// canvas, resizes with its box, and exposes the chart so a widget can export it as PNG. It
// registers the union of the chart types and components the features use; a feature needing
// another one adds it here. Import it lazily (ECharts is ~0.5 MB) where the first paint must not wait.
import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import * as echarts from 'echarts/core';
import langVI from 'echarts/lib/i18n/langVI.js';
import { BarChart, GraphChart, LineChart, PieChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { localeOf } from '../i18n/locale.ts';

echarts.use([BarChart, GraphChart, LineChart, PieChart, DataZoomComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);
// Month and day names of time axes follow the interface's language (ECharts' own Vietnamese).
echarts.registerLocale('VI', langVI);

export type EChartsOption = echarts.EChartsCoreOption;

type AxisOption = { type?: string; axisLabel?: { formatter?: unknown } & Record<string, unknown> } & Record<string, unknown>;

/**
 * Numbers on value axes in the language's format (vi 1.200, en 1,200): ECharts writes them with
 * a comma whatever the locale. An axis that brings its own formatter keeps it.
 */
export function withLocalNumbers(option: EChartsOption, lang: string): EChartsOption {
  const nf = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 2 });
  const fix = (axis: unknown, defaultType: string): unknown => {
    if (Array.isArray(axis)) return axis.map((a) => fix(a, defaultType));
    if (!axis || typeof axis !== 'object') return axis;
    const a = axis as AxisOption;
    if ((a.type ?? defaultType) !== 'value' || a.axisLabel?.formatter) return a;
    return { ...a, axisLabel: { ...a.axisLabel, formatter: (v: number) => nf.format(v) } };
  };
  const o = option as Record<string, unknown>;
  return { ...o, ...(o.xAxis ? { xAxis: fix(o.xAxis, 'category') } : {}), ...(o.yAxis ? { yAxis: fix(o.yAxis, 'value') } : {}) } as EChartsOption;
}

export interface EChartHandle {
  toPng(background?: string): string | null;
}

export const EChart = forwardRef<EChartHandle, { option: EChartsOption; className?: string; testId?: string; dark?: boolean }>(
  function EChart({ option, className, testId, dark }, ref) {
    const el = useRef<HTMLDivElement>(null);
    const chart = useRef<echarts.ECharts | null>(null);
    const { i18n } = useTranslation();
    const lang = i18n.language === 'en' ? 'en' : 'vi';
    const localised = useMemo(() => withLocalNumbers(option, lang), [option, lang]);

    useEffect(() => {
      if (!el.current) return;
      const c = echarts.init(el.current, dark ? 'dark' : undefined, { renderer: 'canvas', locale: lang === 'en' ? 'EN' : 'VI' });
      chart.current = c;
      const ro = new ResizeObserver(() => c.resize());
      ro.observe(el.current);
      return () => {
        ro.disconnect();
        c.dispose();
        chart.current = null;
      };
    }, [dark, lang]);

    useEffect(() => {
      chart.current?.setOption(localised, { notMerge: true });
    }, [localised, dark, lang]);

    useImperativeHandle(ref, () => ({
      toPng: (background = '#ffffff') => chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: background }) ?? null,
    }));

    return <div ref={el} className={className ?? 'echart'} data-testid={testId} />;
  },
);
