import { BarChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

// Only the parts of ECharts the dashboard draws, so the chunk stays small; SVG keeps the text crisp when zoomed.
echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface ChartClick {
  /** The bar's category index or the slice's data index. */
  dataIndex: number;
  /** The series' name (a verdict, a metric). */
  seriesName: string;
}

/**
 * A chart (ECharts, drawn in SVG) whose bars and slices are links: clicking one calls `onClick`. The same figures are always also in a
 * table of links beside the chart (keyboard and screen-reader users reach them there), so the drawing is hidden from
 * assistive technology and labelled as a picture.
 */
export function Chart({
  option,
  label,
  onClick,
  height = 280,
  empty,
}: {
  option: echarts.EChartsCoreOption;
  label: string;
  onClick: (click: ChartClick) => void;
  height?: number;
  /**
   * Issue #19: when set, the figures are all zero: this sentence is shown in place of the drawing (no pie of zeros,
   * no empty frame of axes).
   */
  empty?: string | undefined;
}) {
  if (empty !== undefined)
    return (
      <p className="chart-empty" data-testid="chart-empty">
        {empty}
      </p>
    );
  return <DrawnChart option={option} label={label} onClick={onClick} height={height} />;
}

/** True when every figure is zero (or there is none): the chart has nothing to draw. */
export const allZero = (values: readonly number[]) => values.every((value) => value === 0);

function DrawnChart({
  option,
  label,
  onClick,
  height,
}: {
  option: echarts.EChartsCoreOption;
  label: string;
  onClick: (click: ChartClick) => void;
  height: number;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  // One ECharts instance per element, resized with it and disposed with it.
  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: "svg" });
    chart.current = instance;
    instance.on("click", (params) =>
      click.current({ dataIndex: params.dataIndex, seriesName: params.seriesName ?? "" }),
    );
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div role="img" aria-label={label} ref={element} style={{ height }} />;
}
