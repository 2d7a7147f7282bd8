// The newest patrol plan in the server's reports directory (GET /api/v1/patrol-plans): routes
// along the roads coloured per car and their stops. Stations and units are asset layers
// (assets.ts).
import type { GeoJSONSource, Map as MapLibre } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { get } from '../api';
import { t } from '../i18n';
import type { ReportFile } from '../types';
import { emptyCollection, popupOn } from './geo';
import { carColours } from './style';

export interface PatrolSummary {
  id: string;
  cars: number;
  stops: number;
}

const carColour = ['to-color', ['at', ['%', ['to-number', ['get', 'car_index'], 0], carColours.length], ['literal', carColours]]];

export function addPatrolLayers(map: MapLibre): void {
  map.addSource('patrol', { type: 'geojson', data: emptyCollection() });
  map.addLayer({ id: 'patrol-routes', type: 'line', source: 'patrol', filter: ['==', ['get', 'kind'], 'route'], paint: { 'line-color': carColour as never, 'line-width': 2.2, 'line-opacity': 0.85 } });
  map.addLayer({ id: 'patrol-stops', type: 'circle', source: 'patrol', filter: ['==', ['get', 'kind'], 'stop'], paint: { 'circle-color': carColour as never, 'circle-radius': 4, 'circle-stroke-color': '#0e1726', 'circle-stroke-width': 1 } });
  popupOn(map, 'patrol-stops', (p) => `${t('map.car', { car: String(p.car) })} · #${String(p.order)} · ${t('map.cell', { cell: String(p.cell) })}`);
}

/** Loads the newest (last listed) patrol plan; null when there is none. */
export async function showPatrolPlan(map: MapLibre): Promise<PatrolSummary | null> {
  const { items } = await get<{ items: ReportFile[] }>('/patrol-plans');
  if (items.length === 0) return null;
  const id = items[items.length - 1].id;
  // A plan the CLI wrote is the FeatureCollection itself; one made through the API wraps it.
  const doc = await get<FeatureCollection | { plan: FeatureCollection }>(`/patrol-plans/${encodeURIComponent(id)}`);
  const plan = 'plan' in doc ? doc.plan : doc;
  const cars = [...new Set(plan.features.map((f) => String(f.properties?.car)))];
  for (const f of plan.features) {
    if (f.properties) f.properties.car_index = cars.indexOf(String(f.properties.car));
  }
  (map.getSource('patrol') as GeoJSONSource).setData(plan);
  return { id, cars: cars.length, stops: plan.features.filter((f) => f.properties?.kind === 'stop').length };
}
