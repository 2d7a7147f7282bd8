// Forecast quality: backtest reports from the server's reports directory (GET
// /api/v1/backtests): per target, the hit-rate curve of every model (share of crimes in the
// flagged cells against the share of the city flagged) and the metrics with their 95 % CIs.
// Metric ids (`hit_rate@5%`, `pai@1%`, `auc@20%`, `log_score`; risk/backtest.cc MetricNames)
// are shown as translated names, the id itself as the header's tooltip.
import { get } from '../api';
import { chart } from '../charts';
import { clear, h, select, table } from '../dom';
import { errorBox } from '../errors';
import { categoryLabel, t, type MessageKey } from '../i18n';
import type { BacktestReport, BacktestTarget, ReportFile } from '../types';
import type { View } from './view';

function estimate(e: { mean: number; low: number; high: number } | undefined): string {
  if (!e) return t('common.none');
  const f = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(3));
  return `${f(e.mean)} [${f(e.low)}, ${f(e.high)}]`;
}

/** The translated name of a backtest metric id; an id of no known kind is shown as it is. */
export function metricLabel(id: string): string {
  if (id === 'log_score') return t('metric.log_score');
  const m = id.match(/^(hit_rate|pai|pei|auc)@(.+)$/);
  return m ? t(`metric.${m[1]}` as MessageKey, { share: m[2] }) : id;
}

function metricHeader(id: string): HTMLElement {
  return h('span', { title: t('quality.metricId', { id }), 'data-metric': id }, metricLabel(id));
}

function targetSection(target: BacktestTarget, metricNames: string[], disposers: Array<() => void>): HTMLElement {
  const runs = target.models.filter((m) => !m.error);
  const curve = chart({
    title: { text: t('quality.curve', { target: categoryLabel(target.name) }), textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { top: 24, type: 'scroll' },
    grid: { top: 64, left: 70, right: 20, bottom: 50 },
    xAxis: { type: 'value', name: t('quality.areaShare'), nameLocation: 'middle', nameGap: 28, min: 0, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    yAxis: { type: 'value', name: t('quality.hitRate'), nameLocation: 'middle', nameGap: 44, min: 0, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
    series: runs.map((run) => ({
      name: run.model,
      type: 'line',
      showSymbol: false,
      lineStyle: run.baseline ? { type: 'dashed' } : undefined,
      data: run.curve.area_share.map((x, i) => [x, run.curve.hit_rate[i]]),
    })),
  }, `curve-${target.name}`, 320);
  disposers.push(curve.dispose);
  // PEI* repeats hit rate's shape; the table keeps hit rate, PAI, AUC and the log score.
  const metrics = metricNames.filter((m) => !m.startsWith('pei') && runs.some((r) => r.metrics[m]));
  return h(
    'section',
    { class: 'target', 'data-target': target.name, 'data-models': runs.length },
    h('p', {}, t('quality.best', { model: target.best_model || t('common.none'), reference: target.reference || t('common.none') })),
    curve.element,
    h('div', { class: 'scroll' }, table({ 'data-test': 'quality-table' }, [t('quality.model'), ...metrics.map(metricHeader)], runs.map((r) => [r.model, ...metrics.map((m) => estimate(r.metrics[m]))]))),
  );
}

export const renderQuality: View = (container) => {
  const disposers: Array<() => void> = [];
  const output = h('div', { 'data-test': 'quality-output' }, t('common.loading'));
  const picker = h('div', { class: 'filters' });
  container.append(h('div', { class: 'page' }, picker, output));

  const show = async (id: string) => {
    disposers.splice(0).forEach((d) => d());
    clear(output);
    try {
      const report = await get<BacktestReport>(`/backtests/${encodeURIComponent(id)}`);
      output.dataset.report = id;
      output.append(h('p', {}, t('quality.period', { from: report.options.test_from, to: report.options.test_to, slots: report.slot_count })));
      for (const target of report.targets) output.append(targetSection(target, report.metric_names, disposers));
    } catch (error) {
      output.append(errorBox(error, t('nav.quality')));
    }
  };

  get<{ items: ReportFile[] }>('/backtests')
    .then(({ items }) => {
      clear(output);
      if (items.length === 0) return void output.append(h('p', {}, t('quality.none')));
      const newest = items[items.length - 1].id;
      const reports = select({ 'data-test': 'report' }, items.map((r) => [r.id, r.id]), newest);
      reports.addEventListener('change', () => void show(reports.value));
      picker.append(h('label', {}, t('quality.report'), reports));
      return show(newest);
    })
    .catch((error) => {
      clear(output);
      output.append(errorBox(error, t('nav.quality')));
    });
  return () => disposers.forEach((d) => d());
};
