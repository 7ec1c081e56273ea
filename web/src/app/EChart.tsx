// The web's one ECharts host (dashboard widgets, sensor charts): renders an option into a
// canvas, resizes with its box, and exposes the chart so a widget can export it as PNG. It
// registers the union of the chart types and components the features use; a feature needing
// another one adds it here. Import it lazily (ECharts is ~0.5 MB) where the first paint must not wait.
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, GraphChart, LineChart, PieChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GraphChart, LineChart, PieChart, DataZoomComponent, GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export type EChartsOption = echarts.EChartsCoreOption;

export interface EChartHandle {
  toPng(background?: string): string | null;
}

export const EChart = forwardRef<EChartHandle, { option: EChartsOption; className?: string; testId?: string; dark?: boolean }>(
  function EChart({ option, className, testId, dark }, ref) {
    const el = useRef<HTMLDivElement>(null);
    const chart = useRef<echarts.ECharts | null>(null);

    useEffect(() => {
      if (!el.current) return;
      const c = echarts.init(el.current, dark ? 'dark' : undefined, { renderer: 'canvas' });
      chart.current = c;
      const ro = new ResizeObserver(() => c.resize());
      ro.observe(el.current);
      return () => {
        ro.disconnect();
        c.dispose();
        chart.current = null;
      };
    }, [dark]);

    useEffect(() => {
      chart.current?.setOption(option, { notMerge: true });
    }, [option, dark]);

    useImperativeHandle(ref, () => ({
      toPng: (background = '#ffffff') => chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: background }) ?? null,
    }));

    return <div ref={el} className={className ?? 'echart'} data-testid={testId} />;
  },
);
