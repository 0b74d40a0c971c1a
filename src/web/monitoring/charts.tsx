import { BarChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/lib/core";

// Only the parts of ECharts the dashboard draws, so the chunk stays small; SVG keeps the text crisp when zoomed.
echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface ChartClick {
  /** The bar's category index or the slice's data index. */
  dataIndex: number;
  /** The series' name (a verdict, a metric). */
  seriesName: string;
}

/**
 * A chart whose bars and slices are links: clicking one calls `onClick`. The same figures are always also in a
 * table of links beside the chart (keyboard and screen-reader users reach them there), so the drawing is hidden from
 * assistive technology and labelled as a picture.
 */
export function Chart({
  option,
  label,
  onClick,
  height = 280,
}: {
  option: echarts.EChartsCoreOption;
  label: string;
  onClick: (click: ChartClick) => void;
  height?: number;
}) {
  return (
    <div role="img" aria-label={label}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        style={{ height }}
        notMerge
        onEvents={{
          click: (params: { dataIndex: number; seriesName: string }) =>
            onClick({ dataIndex: params.dataIndex, seriesName: params.seriesName }),
        }}
      />
    </div>
  );
}
