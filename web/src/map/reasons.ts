// Hotspots and their reasons: GET /api/v1/forecasts/{id}/reasons lists the explained cells of a
// forecast (learned model), ?cell=ID one of them. When the server stores no reasons (501, 404
// or no items) the hotspots are the forecast's highest cells and the panel says so. Reasons are
// shown in the viewer's language (reason-text.ts).
import { ApiError, get } from '../api';
import { clear, h } from '../dom';
import { errorBox } from '../errors';
import { t } from '../i18n';
import type { ReasonItem, ReasonsAnswer } from '../types';
import type { Hotspot } from './risk';
import { reasonText } from './reason-text';

export interface HotspotWithReasons extends Hotspot {
  item: ReasonItem | null;
}

function noReasons(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 501 || error.status === 404);
}

/** The forecast's explained cells, or null when it has none stored. */
export async function loadReasons(forecastId: number): Promise<ReasonItem[] | null> {
  try {
    const answer = await get<ReasonsAnswer>(`/forecasts/${forecastId}/reasons`);
    return answer.items.length > 0 ? answer.items : null;
  } catch (error) {
    if (noReasons(error)) return null;
    throw error;
  }
}

/** Hotspots: the explained cells when there are any, else the highest cells of the grid. */
export function hotspotsOf(items: ReasonItem[] | null, top: Hotspot[]): HotspotWithReasons[] {
  if (!items) return top.map((cell) => ({ ...cell, item: null }));
  return [...items]
    .sort((a, b) => b.expected - a.expected)
    .slice(0, 15)
    .map((item) => ({ cell: item.cell, grade: item.grade, expected: item.expected, centre: item.centroid, item }));
}

function reasonList(item: ReasonItem, category: string): HTMLElement {
  return h(
    'ol',
    { class: 'reasons', 'data-test': 'reasons-list' },
    ...item.reasons
      .sort((a, b) => a.rank - b.rank)
      .map((r) => {
        const shown = reasonText(r, category);
        return h('li', { 'data-feature': r.feature, 'data-translated': shown.state, title: shown.state === 'translated' ? r.text : undefined },
          shown.text,
          ' ',
          h('span', { class: 'contribution' }, `(${r.contribution >= 0 ? '+' : ''}${r.contribution.toFixed(3)})`),
          shown.state === 'untranslated' ? h('span', { class: 'muted untranslated' }, ` ${t('reason.untranslated')}`) : null);
      }),
  );
}

/** Fills the reasons panel for one cell of a forecast of `category` (fetching ?cell=ID, since
 *  the list may be partial). */
export async function showReasons(panel: HTMLElement, forecastId: number, category: string, spot: HotspotWithReasons, allowed: boolean): Promise<void> {
  clear(panel);
  panel.dataset.cell = String(spot.cell);
  panel.dataset.state = 'loading';
  panel.append(
    h('h3', {}, t('map.reasons')),
    h('div', { class: 'cell-title' }, `${t('map.cell', { cell: spot.cell })} · ${t('map.grade')} ${spot.grade} · ${t('map.expected')} ${spot.expected.toPrecision(3)}`),
  );
  if (!allowed) {
    panel.append(h('p', { class: 'muted', 'data-test': 'reasons-hidden' }, t('map.reasonsHidden')));
    panel.dataset.state = 'hidden';
    return;
  }
  try {
    const item = await get<ReasonItem>(`/forecasts/${forecastId}/reasons`, { cell: spot.cell });
    if (item.reasons.length === 0) throw new ApiError(404, 'not_found', '');
    panel.append(reasonList(item, category));
    panel.dataset.state = 'reasons';
  } catch (error) {
    if (noReasons(error)) {
      panel.append(h('p', { class: 'muted', 'data-test': 'no-reasons' }, t('map.noReasons')));
      panel.dataset.state = 'none';
    } else {
      panel.append(errorBox(error, t('map.reasons')));
      panel.dataset.state = 'error';
    }
  }
}
