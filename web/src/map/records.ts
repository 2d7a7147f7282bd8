// Incidents and calls for service near the chosen slot (GET /api/v1/incidents and /calls,
// the 7 days before the slot to its end), as circles coloured by category, with HTML popups;
// and the records that arrive live (`incident.new`, `call.new` on the stream, or the newest
// records when polling), drawn larger with a white ring whatever the slot and category, and kept
// across slot and category changes.
import maplibregl, { type GeoJSONSource, type Map as MapLibre } from 'maplibre-gl';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { get } from '../api';
import { categoryLabel, t } from '../i18n';
import type { Call, Incident, Page } from '../types';
import { pointsOf } from './geo';
import { categoryColour } from './style';

export type RecordKind = 'incidents' | 'calls';

/** What the incidents and calls sources hold: the slot's records and the live ones. */
export interface RecordLayers {
  kinds: RecordKind[];
  slot: Record<RecordKind, Feature<Point>[]>;
  /** Live records by key (store id, else `source:source_id`), oldest first. */
  live: Record<RecordKind, Map<string, Feature<Point>>>;
}

/** Live records kept per kind; the oldest are dropped past this. */
const liveLimit = 500;

const isLive: maplibregl.ExpressionSpecification = ['==', ['get', 'live'], true];

export function addRecordLayers(map: MapLibre, kinds: RecordKind[]): RecordLayers {
  const layers: RecordLayers = { kinds, slot: { incidents: [], calls: [] }, live: { incidents: new Map(), calls: new Map() } };
  for (const kind of kinds) {
    map.addSource(kind, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: kind,
      type: 'circle',
      source: kind,
      paint: {
        'circle-color': categoryColour,
        'circle-radius': ['case', isLive, 6.5, kind === 'incidents' ? 3.5 : 3],
        'circle-stroke-color': ['case', isLive, '#ffffff', kind === 'incidents' ? '#000000' : '#ffffff'],
        'circle-stroke-width': ['case', isLive, 2, kind === 'incidents' ? 0.6 : 1],
        'circle-opacity': 0.9,
      },
    });
    map.on('click', kind, (event) => {
      const p = event.features?.[0]?.properties as Record<string, string> | undefined;
      if (!p) return;
      const rows: Array<[string, string]> =
        kind === 'incidents'
          ? [[t('map.reported'), p.time], [t('map.district'), p.district], [t('map.address'), p.address]]
          : [[t('map.received'), p.time], [t('map.priority'), p.priority], [t('map.district'), p.district], [t('map.address'), p.address]];
      const box = document.createElement('div');
      const title = document.createElement('strong');
      title.textContent = `${t(kind === 'incidents' ? 'map.incident' : 'map.call', { id: p.id })} · ${p.label}`;
      box.append(title);
      for (const [name, value] of rows) {
        const line = document.createElement('div');
        line.textContent = `${name}: ${value ?? ''}`;
        box.append(line);
      }
      new maplibregl.Popup({ closeButton: true }).setLngLat(event.lngLat).setDOMContent(box).addTo(map);
    });
  }
  return layers;
}

function keyOf(record: { id?: unknown; source?: unknown; source_id?: unknown }): string {
  if (record.source !== undefined && record.source_id !== undefined) return `${String(record.source)}:${String(record.source_id)}`;
  return `id:${String(record.id)}`;
}

/** Draws the slot's records and the live ones not among them; returns the features drawn. */
function draw(map: MapLibre, layers: RecordLayers, kind: RecordKind): number {
  const shown = new Set(layers.slot[kind].map((f) => String(f.properties?.key)));
  const live = [...layers.live[kind].values()].filter((f) => !shown.has(String(f.properties?.key)));
  const data: FeatureCollection<Point> = { type: 'FeatureCollection', features: [...layers.slot[kind], ...live] };
  (map.getSource(kind) as GeoJSONSource | undefined)?.setData(data);
  return data.features.length;
}

const dayMs = 86_400_000;

/** Loads the records of `kind` reported from 7 days before `slotStart` to the slot's end;
 *  returns the features drawn (the live ones included). */
export async function showRecords(
  map: MapLibre,
  layers: RecordLayers,
  kind: RecordKind,
  slotStart: string,
  slotLengthS: number,
  category: string,
): Promise<number> {
  const start = Date.parse(slotStart);
  const query = {
    from: new Date(start - 7 * dayMs).toISOString().replace('.000', ''),
    to: new Date(start + slotLengthS * 1000).toISOString().replace('.000', ''),
    category: category === 'major' ? undefined : category,
    limit: 1000,
  };
  if (kind === 'incidents') {
    const page = await get<Page<Incident>>('/incidents', query);
    layers.slot.incidents = pointsOf(page.items, (r) => ({
      key: keyOf(r), category: r.category, label: categoryLabel(r.category), time: r.reported_at, district: r.district, address: r.address,
    })).features;
  } else {
    const page = await get<Page<Call>>('/calls', query);
    layers.slot.calls = pointsOf(page.items, (r) => ({
      key: keyOf(r), category: r.category, label: r.call_type || categoryLabel(r.category), time: r.received_at, priority: String(r.priority), district: r.district, address: r.address,
    })).features;
  }
  return draw(map, layers, kind);
}

/** A live record as the stream (`incident.new`, `call.new`: source, source_id, location
 *  {lon, lat, x, y}, no store id) or polling (the stored record, with id) delivers it. */
export interface LiveRecord {
  key: string;
  /** What the feed and the popup call it: the store id, else the source's id. */
  label: string;
  lon: number;
  lat: number;
  /** Features of the layer now (the slot's and the live ones). */
  drawn: number;
}

/** Adds a live record to the `kind` layer; null when it has no WGS84 location or the kind
 *  is not drawn. */
export function addLiveRecord(map: MapLibre, layers: RecordLayers, kind: RecordKind, data: Record<string, unknown>): LiveRecord | null {
  if (!layers.kinds.includes(kind)) return null;
  const location = (data.location ?? null) as { lon?: unknown; lat?: unknown } | null;
  const lon = Number(location?.lon);
  const lat = Number(location?.lat);
  if (location === null || !Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  const key = keyOf(data);
  const label = String(data.id ?? data.source_id ?? '');
  const category = String(data.category ?? 'other');
  const text = (name: string) => (data[name] === undefined || data[name] === null ? '' : String(data[name]));
  const properties =
    kind === 'incidents'
      ? { key, id: label, live: true, category, label: categoryLabel(category), time: text('reported_at'), district: text('district'), address: text('address') }
      : { key, id: label, live: true, category, label: text('call_type') || categoryLabel(category), time: text('received_at'), priority: text('priority'), district: text('district'), address: text('address') };
  const live = layers.live[kind];
  live.delete(key);
  live.set(key, { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties });
  while (live.size > liveLimit) live.delete(live.keys().next().value as string);
  return { key, label, lon, lat, drawn: draw(map, layers, kind) };
}

/** Live records of `kind` drawn (held), and how many of them MapLibre rendered in view. */
export function liveCounts(map: MapLibre, layers: RecordLayers, kind: RecordKind): { held: number; rendered: number } {
  const rendered = map.getLayer(kind) ? map.queryRenderedFeatures({ layers: [kind], filter: isLive }).length : 0;
  return { held: layers.live[kind].size, rendered };
}
