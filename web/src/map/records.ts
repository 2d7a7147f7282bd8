// Incidents and calls for service near the chosen slot (GET /api/v1/incidents and /calls,
// the 7 days before the slot to its end), as circles coloured by category, with HTML popups.
import maplibregl, { type GeoJSONSource, type Map as MapLibre } from 'maplibre-gl';
import { get } from '../api';
import { categoryLabel, t } from '../i18n';
import type { Call, Incident, Page } from '../types';
import { emptyCollection, pointsOf } from './geo';
import { categoryColour } from './style';

export type RecordKind = 'incidents' | 'calls';

export function addRecordLayers(map: MapLibre, kinds: RecordKind[]): void {
  for (const kind of kinds) {
    map.addSource(kind, { type: 'geojson', data: emptyCollection() });
    map.addLayer({
      id: kind,
      type: 'circle',
      source: kind,
      paint: {
        'circle-color': categoryColour,
        'circle-radius': kind === 'incidents' ? 3.5 : 3,
        'circle-stroke-color': kind === 'incidents' ? '#000000' : '#ffffff',
        'circle-stroke-width': kind === 'incidents' ? 0.6 : 1,
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
}

const dayMs = 86_400_000;

/** Loads the records of `kind` reported from 7 days before `slotStart` to the slot's end. */
export async function showRecords(
  map: MapLibre,
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
    const data = pointsOf(page.items, (r) => ({
      category: r.category, label: categoryLabel(r.category), time: r.reported_at, district: r.district, address: r.address,
    }));
    (map.getSource(kind) as GeoJSONSource).setData(data);
    return data.features.length;
  }
  const page = await get<Page<Call>>('/calls', query);
  const data = pointsOf(page.items, (r) => ({
    category: r.category, label: r.call_type || categoryLabel(r.category), time: r.received_at, priority: String(r.priority), district: r.district, address: r.address,
  }));
  (map.getSource(kind) as GeoJSONSource).setData(data);
  return data.features.length;
}
