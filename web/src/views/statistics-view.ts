// Statistics (GET /api/v1/statistics): incidents per month with the same month a year before,
// the last month by district and by category with month-over-month and year-over-year change,
// as ECharts charts and a table.
import { get } from '../api';
import { chart } from '../charts';
import { clear, h, select, table } from '../dom';
import { errorBox } from '../errors';
import { categoryLabel, t } from '../i18n';
import type { Incident, Page, Statistics, StatisticsRow } from '../types';
import { formatChange } from './format';
import type { View } from './view';

const categories = ['', 'major', 'robbery', 'theft', 'assault', 'sexual_violence', 'burglary', 'vehicle_theft', 'fraud', 'drugs', 'disorder', 'other'];

function monthStart(iso: string, monthsBack: number): string {
  const d = new Date(iso);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsBack, 1)).toISOString().slice(0, 10);
}

function sumBy(rows: StatisticsRow[], key: (r: StatisticsRow) => string) {
  const out = new Map<string, { count: number; mom: number; yoy: number; momKnown: boolean; yoyKnown: boolean }>();
  for (const r of rows) {
    const e = out.get(key(r)) ?? { count: 0, mom: 0, yoy: 0, momKnown: false, yoyKnown: false };
    e.count += r.count;
    if (r.month_over_month) (e.mom += r.month_over_month.previous), (e.momKnown = true);
    if (r.year_over_year) (e.yoy += r.year_over_year.previous), (e.yoyKnown = true);
    out.set(key(r), e);
  }
  return out;
}

const pct = (now: number, before: number, known: boolean) => (known && before > 0 ? Math.round((1000 * (now - before)) / before) / 10 : null);

export const renderStatistics: View = (container) => {
  const disposers: Array<() => void> = [];
  const from = h('input', { type: 'date', 'data-test': 'stats-from' });
  const to = h('input', { type: 'date', 'data-test': 'stats-to' });
  const category = select({ 'data-test': 'stats-category' }, categories.map((c) => [c, c ? categoryLabel(c) : t('stats.all')]), '');
  const district = h('input', { placeholder: t('stats.all'), size: 6, 'data-test': 'stats-district' });
  const show = h('button', { type: 'button' }, t('stats.show'));
  const output = h('div', { class: 'stats-output', 'data-test': 'stats-output' }, t('common.loading'));
  container.append(
    h('div', { class: 'page' },
      h('div', { class: 'filters' }, h('label', {}, t('stats.from'), from), h('label', {}, t('stats.to'), to),
        h('label', {}, t('map.category'), category), h('label', {}, t('stats.district'), district), show),
      output));

  const draw = async () => {
    disposers.splice(0).forEach((d) => d());
    clear(output);
    output.append(t('common.loading'));
    let stats: Statistics;
    try {
      stats = await get<Statistics>('/statistics', { from: from.value, to: to.value, category: category.value || undefined, district: district.value.trim() || undefined });
    } catch (error) {
      clear(output);
      output.append(errorBox(error, t('nav.statistics')));
      return;
    }
    clear(output);
    output.dataset.rows = String(stats.rows.length);
    if (stats.rows.length === 0) return output.append(h('p', {}, t('stats.empty')));
    const months = sumBy(stats.rows, (r) => r.period);
    const periods = [...months.keys()].sort();
    const last = periods[periods.length - 1];
    const lastRows = stats.rows.filter((r) => r.period === last);
    const series = chart({
      title: { text: t('stats.series'), textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      legend: { top: 24 },
      grid: { top: 60, left: 50, right: 20, bottom: 30 },
      xAxis: { type: 'category', data: periods },
      yAxis: { type: 'value' },
      series: [
        { name: t('stats.thisYear'), type: 'line', data: periods.map((p) => months.get(p)?.count ?? 0) },
        { name: t('stats.lastYear'), type: 'line', lineStyle: { type: 'dashed' }, data: periods.map((p) => (months.get(p)?.yoyKnown ? months.get(p)?.yoy : null)) },
      ],
    }, 'chart-series');
    const bars = (key: (r: StatisticsRow) => string, label: (k: string) => string, title: string, test: string) => {
      const groups = sumBy(lastRows, key);
      const names = [...groups.keys()].sort();
      return chart({
        title: { text: title, textStyle: { fontSize: 14 } },
        tooltip: { trigger: 'axis' },
        legend: { top: 24 },
        grid: { top: 60, left: 50, right: 50, bottom: 60 },
        xAxis: { type: 'category', data: names.map(label), axisLabel: { rotate: 30 } },
        yAxis: [{ type: 'value', name: t('stats.count') }, { type: 'value', name: '%' }],
        series: [
          { name: t('stats.count'), type: 'bar', data: names.map((n) => groups.get(n)?.count ?? 0) },
          { name: t('stats.mom'), type: 'line', yAxisIndex: 1, data: names.map((n) => { const g = groups.get(n)!; return pct(g.count, g.mom, g.momKnown); }) },
          { name: t('stats.yoy'), type: 'line', yAxisIndex: 1, data: names.map((n) => { const g = groups.get(n)!; return pct(g.count, g.yoy, g.yoyKnown); }) },
        ],
      }, test);
    };
    const byDistrict = bars((r) => r.district || t('common.none'), (k) => k, t('stats.byDistrict', { period: last }), 'chart-district');
    const byCategory = bars((r) => r.category, categoryLabel, t('stats.byCategory', { period: last }), 'chart-category');
    disposers.push(series.dispose, byDistrict.dispose, byCategory.dispose);
    const rows = [...lastRows].sort((a, b) => b.count - a.count).slice(0, 60)
      .map((r) => [r.district || t('common.none'), categoryLabel(r.category), r.count, formatChange(r.month_over_month), formatChange(r.year_over_year)]);
    output.append(
      h('p', { 'data-test': 'stats-total' }, t('stats.total', { total: stats.total })),
      series.element,
      h('div', { class: 'two' }, byDistrict.element, byCategory.element),
      h('h3', {}, t('stats.table', { period: last })),
      table({ 'data-test': 'stats-table' }, [t('stats.district'), t('map.category'), t('stats.count'), t('stats.mom'), t('stats.yoy')], rows),
    );
  };
  show.addEventListener('click', () => void draw());

  // Default range: the twelve months up to the newest incident.
  get<Page<Incident>>('/incidents', { limit: 1 })
    .then((page) => {
      const newest = page.items[0]?.reported_at ?? new Date().toISOString();
      from.value = monthStart(newest, 11);
      to.value = monthStart(newest, -1);
      return draw();
    })
    .catch((error) => {
      clear(output);
      output.append(errorBox(error, t('nav.statistics')));
    });
  return () => disposers.forEach((d) => d());
};
