// The command map: the city's roads and areas, the risk grid for a slot and category (time
// slider and category picker), hotspots with their reasons, incidents and calls, the patrol
// plan's routes and stops, stations, cameras and their fields of view, units at their newest
// position, and live updates: new incidents and calls appear on their layers, new forecasts
// extend the slot, category and model choices, units move. Parts the role may not use are left
// out.
import maplibregl from 'maplibre-gl';
import { clear, h } from '../dom';
import { errorBox } from '../errors';
import { categoryLabel, t } from '../i18n';
import { forecastControls, type ForecastControls } from '../map/forecast-controls';
import { addAreaLayers } from '../map/areas';
import { addAssetLayers, moveUnit, type AssetLayers } from '../map/assets';
import { startLive, pollSeconds, type LiveMode } from '../map/live';
import { addPatrolLayers, showPatrolPlan } from '../map/patrol';
import { hotspotsOf, loadReasons, showReasons, type HotspotWithReasons } from '../map/reasons';
import { reasonText } from '../map/reason-text';
import { addLiveRecord, addRecordLayers, liveCounts, showRecords, type RecordKind, type RecordLayers } from '../map/records';
import { addRiskLayers, forecastChoices, selectCell, showRisk, topCells, type RiskChoice } from '../map/risk';
import { gradeColours, baseStyle } from '../map/style';
import { can } from '../roles';
import type { Session } from '../session';
import type { RiskLayer, StreamMessage } from '../types';
import { formatSlot } from './format';

interface Toggle {
  key: string;
  label: string;
  layers: string[];
}

function legend(): HTMLElement {
  return h(
    'div',
    { class: 'legend' },
    h('span', {}, t('map.grade')),
    ...gradeColours.map((colour, i) => h('span', { class: 'swatch', style: `background:${colour}` }, String(i + 1))),
  );
}

export function renderMap(container: HTMLElement, session: Session): () => void {
  const role = session.user.role;
  const mapElement = h('div', { class: 'map', id: 'map', 'data-test': 'map' });
  const messages = h('div', { class: 'messages', 'data-test': 'messages' });
  const controls = h('div', { class: 'controls' });
  const summary = h('div', { class: 'summary', 'data-test': 'risk-summary' });
  const toggles = h('div', { class: 'toggles' });
  const live = h('div', { class: 'live', 'data-test': 'live' }, `${t('map.live')}: ${t('map.live.off')}`);
  const feed = h('ul', { class: 'feed', 'data-test': 'feed' });
  const notice = h('div', { class: 'notice', role: 'status', 'data-test': 'forecast-notice' });
  const hotspotList = h('ul', { class: 'hotspots', 'data-test': 'hotspots' });
  const reasonsPanel = h('section', { class: 'reasons-panel', 'data-test': 'reasons-panel' });
  const patrolNote = h('div', { class: 'muted', 'data-test': 'patrol-summary' });
  const canReasons = can(role, 'reasons');
  const aside = h(
    'aside',
    { class: 'panel' },
    controls,
    notice,
    summary,
    messages,
    reasonsPanel,
    can(role, 'forecasts') && h('h3', {}, t('map.hotspots')),
    can(role, 'forecasts') && h('p', { class: 'muted' }, t('map.hotspotsHint')),
    hotspotList,
    h('h3', {}, t('map.layers')),
    toggles,
    patrolNote,
    live,
    feed,
  );
  container.append(h('div', { class: 'map-view' }, aside, h('div', { class: 'map-wrap' }, mapElement, legend())));

  const map = new maplibregl.Map({
    container: mapElement,
    style: baseStyle,
    center: [126.98, 37.55],
    zoom: 12,
    attributionControl: false,
    // MapLibre's own control titles and ARIA labels, in the viewer's language.
    locale: {
      'Map.Title': t('map.ui.map'),
      'Marker.Title': t('map.ui.marker'),
      'NavigationControl.ZoomIn': t('map.ui.zoomIn'),
      'NavigationControl.ZoomOut': t('map.ui.zoomOut'),
      'NavigationControl.ResetBearing': t('map.ui.resetBearing'),
      'Popup.Close': t('map.ui.closePopup'),
    },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  // Requests may answer after the view was left (the map removed): their results are dropped.
  let disposed = false;
  let stopLive: (() => void) | null = null;
  let markers: maplibregl.Marker[] = [];
  let risk: RiskLayer | null = null;
  let hotspots: HotspotWithReasons[] = [];
  let controlsApi: ForecastControls | null = null;
  const recordKinds: RecordKind[] = (['incidents', 'calls'] as const).filter((k) => can(role, k));
  let records: RecordLayers | null = null;
  const fail = (error: unknown, what: string) => disposed || messages.append(errorBox(error, what));

  const pick = (spot: HotspotWithReasons) => {
    if (!risk || disposed) return;
    selectCell(map, spot.cell);
    map.flyTo({ center: spot.centre, zoom: Math.max(map.getZoom(), 14) });
    for (const li of hotspotList.querySelectorAll('li')) li.classList.toggle('active', li.dataset.cell === String(spot.cell));
    void showReasons(reasonsPanel, risk.forecast.id, risk.forecast.category, spot, canReasons).then(() => reasonsPanel.scrollIntoView({ block: 'nearest' }));
  };

  const drawHotspots = async (layer: RiskLayer) => {
    let items = null;
    if (canReasons) {
      try {
        items = await loadReasons(layer.forecast.id);
      } catch (error) {
        fail(error, t('map.reasons'));
      }
    }
    if (disposed) return;
    hotspots = hotspotsOf(items, topCells(layer, 10));
    clear(hotspotList);
    hotspotList.dataset.withReasons = items ? 'true' : 'false';
    for (const spot of hotspots) {
      const li = h('li', { 'data-cell': spot.cell, 'data-grade': spot.grade, tabindex: 0 },
        h('span', { class: 'swatch', style: `background:${gradeColours[spot.grade - 1] ?? '#888'}` }, String(spot.grade)),
        ` ${t('map.cell', { cell: spot.cell })} · ${spot.expected.toPrecision(2)}`,
        spot.item?.reasons[0] ? h('div', { class: 'muted' }, reasonText(spot.item.reasons[0], layer.forecast.category).text) : null);
      li.addEventListener('click', () => pick(spot));
      hotspotList.append(li);
    }
    if (!items && canReasons) hotspotList.append(h('li', { class: 'muted', 'data-test': 'hotspots-no-reasons' }, t('map.noReasons')));
  };

  const refresh = async (choice: RiskChoice) => {
    if (disposed) return;
    clear(messages);
    clear(reasonsPanel);
    selectCell(map, null);
    try {
      risk = await showRisk(map, mapElement, choice);
    } catch (error) {
      if (disposed) return;
      risk = null;
      clear(hotspotList);
      summary.textContent = '';
      fail(error, `${formatSlot(choice.at)} · ${categoryLabel(choice.category)}`);
      return;
    }
    if (!risk || disposed) return;
    const high = risk.features.filter((f) => f.properties.grade >= 8).length;
    summary.textContent = t('map.riskSummary', { id: risk.forecast.id, model: risk.forecast.model, cells: risk.features.length, high });
    await drawHotspots(risk);
    for (const kind of recordKinds) {
      if (disposed || !records) return;
      try {
        mapElement.dataset[kind] = String(await showRecords(map, records, kind, risk.forecast.slot_start, risk.forecast.slot_length_s, choice.category));
      } catch (error) {
        fail(error, t(`map.layer.${kind}`));
      }
    }
  };

  const buildToggles = (list: Toggle[]) => {
    for (const toggle of list) {
      const box = h('input', { type: 'checkbox', checked: true, 'data-layer': toggle.key });
      box.addEventListener('change', () => {
        for (const id of toggle.layers) map.setLayoutProperty(id, 'visibility', box.checked ? 'visible' : 'none');
      });
      toggles.append(h('label', { class: 'toggle' }, box, toggle.label));
    }
  };

  const announce = (text: string) => {
    feed.prepend(h('li', { class: 'fresh' }, text));
    while (feed.children.length > 8) feed.lastElementChild?.remove();
  };

  // A new incident or call: onto its layer (the `data-<kind>-live*` attributes say how many are
  // held and rendered) and into the feed. Stream events carry the source's id, not the store's.
  const liveRecord = (message: StreamMessage) => {
    const d = message.data;
    const kind: RecordKind = message.type === 'incident.new' ? 'incidents' : 'calls';
    const added = records ? addLiveRecord(map, records, kind, d) : null;
    const id = added?.label ?? String(d.id ?? d.source_id ?? '');
    announce(kind === 'incidents'
      ? t('map.live.newIncident', { id, category: categoryLabel(String(d.category ?? 'other')) })
      : t('map.live.newCall', { id, type: String(d.call_type || categoryLabel(String(d.category ?? 'other'))) }));
    if (!added || !records) return;
    const prefix = kind === 'incidents' ? 'incidentsLive' : 'callsLive';
    mapElement.dataset[kind] = String(added.drawn);
    mapElement.dataset[prefix] = String(records.live[kind].size);
    mapElement.dataset[`${prefix}Last`] = `${added.key}@${added.lon},${added.lat}`;
    map.once('idle', () => {
      if (!disposed && records) mapElement.dataset[`${prefix}Rendered`] = String(liveCounts(map, records, kind).rendered);
    });
    map.triggerRepaint();
  };

  // A forecast stored after the page loaded: the choices are fetched again (bursts of events
  // are taken together), the selection kept; the risk layer is reloaded when the new forecast
  // covers what is shown (it is then the newest for that slot and category).
  let forecastTimer: number | undefined;
  const createdForecasts: Array<Record<string, unknown>> = [];
  const forecastCreated = (message: StreamMessage) => {
    if (!can(role, 'forecasts')) return;
    createdForecasts.push(message.data);
    const d = message.data;
    announce(t('map.live.newForecast', { id: String(d.id), model: String(d.model), category: categoryLabel(String(d.category)), slot: formatSlot(String(d.slot_start)) }));
    window.clearTimeout(forecastTimer);
    forecastTimer = window.setTimeout(async () => {
      const batch = createdForecasts.splice(0);
      let choices;
      try {
        choices = await forecastChoices();
      } catch (error) {
        fail(error, t('map.layer.risk'));
        return;
      }
      if (disposed) return;
      controlsApi ??= forecastControls(controls, (choice) => void refresh(choice));
      const moved = controlsApi.setChoices(choices);
      const now = controlsApi.current();
      if (!moved && now && batch.some((f) => f.slot_start === now.at && f.category === now.category && (now.model === '' || f.model === now.model))) {
        void refresh(now);
      }
      const last = batch[batch.length - 1];
      notice.replaceChildren(
        h('div', {}, t('map.live.newForecast', { id: String(last.id), model: String(last.model), category: categoryLabel(String(last.category)), slot: formatSlot(String(last.slot_start)) })),
        h('div', { class: 'muted' }, t('map.live.choicesUpdated')),
      );
      notice.dataset.forecast = String(last.id);
      mapElement.dataset.forecastEvents = String(Number(mapElement.dataset.forecastEvents ?? 0) + batch.length);
      mapElement.dataset.forecastSlots = String(choices.slots.length);
    }, 300);
  };

  const onLoad = async () => {
    let assets: AssetLayers | null = null;
    try {
      const areas = await addAreaLayers(map);
      if (disposed) return;
      markers = areas.markers;
      if (areas.bounds) map.fitBounds(areas.bounds as [number, number, number, number], { padding: 20, duration: 0 });
      // Roads go under everything but the background; the assets on top of the areas.
      assets = await addAssetLayers(map, areas.listed, map.getStyle().layers[1]?.id);
      if (disposed) return;
      for (const [key, count] of Object.entries(assets.counts)) mapElement.dataset[key] = String(count);
    } catch (error) {
      fail(error, t('map.layers'));
    }
    if (disposed) return;
    const list: Toggle[] = [];
    if (assets?.roads.length) list.push({ key: 'roads', label: t('map.layer.roads'), layers: assets.roads });
    if (can(role, 'forecasts')) {
      addRiskLayers(map);
      for (const id of map.getStyle().layers.map((l) => l.id).filter((id) => id.endsWith('-line'))) map.moveLayer(id);
      list.push({ key: 'risk', label: t('map.layer.risk'), layers: ['risk-fill', 'risk-selected'] });
      map.on('click', 'risk-fill', (event) => {
        const cell = Number(event.features?.[0]?.properties?.cell);
        const spot = hotspots.find((s) => s.cell === cell);
        const f = risk?.features.find((x) => x.properties.cell === cell);
        if (spot) pick(spot);
        else if (f) pick({ cell, grade: f.properties.grade, expected: f.properties.expected, centre: [event.lngLat.lng, event.lngLat.lat], item: null });
      });
    }
    if (can(role, 'patrol_plans')) {
      addPatrolLayers(map);
      list.push({ key: 'patrol', label: t('map.layer.patrol'), layers: ['patrol-routes', 'patrol-stops'] });
    }
    if (assets?.stations.length) list.push({ key: 'stations', label: t('map.layer.stations'), layers: assets.stations });
    if (assets?.cameras.length) list.push({ key: 'cameras', label: t('map.layer.cameras'), layers: assets.cameras });
    if (assets?.units.length) list.push({ key: 'units', label: t('map.layer.units'), layers: assets.units });
    records = addRecordLayers(map, recordKinds);
    for (const kind of recordKinds) list.push({ key: kind, label: t(`map.layer.${kind}`), layers: [kind] });
    buildToggles(list);
    mapElement.dataset.ready = 'true';
    if (can(role, 'patrol_plans')) {
      showPatrolPlan(map)
        .then((plan) => {
          if (disposed) return;
          patrolNote.textContent = plan ? t('map.patrolPlan', { id: plan.id, cars: plan.cars, stops: plan.stops }) : t('map.noPatrol');
          mapElement.dataset.patrolCars = String(plan?.cars ?? 0);
        })
        .catch((error) => fail(error, t('map.layer.patrol')));
    }
    if (can(role, 'forecasts')) {
      try {
        const choices = await forecastChoices();
        if (disposed) return;
        controlsApi = forecastControls(controls, (choice) => void refresh(choice));
        controlsApi.setChoices(choices);
      } catch (error) {
        fail(error, t('map.layer.risk'));
      }
    }
    if (can(role, 'stream') && !disposed) {
      let moves = 0;
      stopLive = startLive({ calls: can(role, 'calls'), forecasts: can(role, 'forecasts') }, {
        mode: (mode: LiveMode) => {
          live.dataset.mode = mode;
          const text = mode === 'stream' ? t('map.live.stream') : mode === 'polling' ? t('map.live.polling', { s: pollSeconds }) : t('map.live.off');
          live.textContent = `${t('map.live')}: ${text}`;
        },
        event: (message) => {
          if (message.type === 'unit.position') {
            if (assets && moveUnit(map, assets, message.data)) {
              mapElement.dataset.unitMoves = String(++moves);
              mapElement.dataset.lastUnit = `${String(message.data.unit)}@${Number(message.data.lon)},${Number(message.data.lat)}`;
            }
          } else if (message.type === 'forecast.created') {
            forecastCreated(message);
          } else if (message.type === 'incident.new' || message.type === 'call.new') {
            liveRecord(message);
          }
        },
      });
    }
  };
  map.on('load', () => void onLoad());

  return () => {
    disposed = true;
    window.clearTimeout(forecastTimer);
    stopLive?.();
    for (const m of markers) m.remove();
    map.remove();
  };
}
