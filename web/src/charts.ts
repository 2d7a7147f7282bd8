// ECharts with only the parts the dashboard uses (line and bar charts on a canvas).
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** A chart in a new element of the given height; returns the element and its dispose. */
export function chart(option: ChartOption, test: string, height = 280): { element: HTMLElement; dispose: () => void } {
  const element = document.createElement('div');
  element.className = 'chart';
  element.dataset.test = test;
  element.style.height = `${height}px`;
  const instance = echarts.init(element, 'dark', { renderer: 'canvas' });
  instance.setOption({ backgroundColor: 'transparent', ...option });
  const resize = new ResizeObserver(() => instance.resize());
  resize.observe(element);
  return {
    element,
    dispose: () => {
      resize.disconnect();
      instance.dispose();
    },
  };
}
