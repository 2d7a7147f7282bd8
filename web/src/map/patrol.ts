// The newest patrol plan in the server's reports directory (GET /api/v1/patrol-plans): routes
// along the roads coloured per car, their stops, and the stations the routes leave from (the
// first point of each route). Units' live positions arrive on the stream as `unit.position`.
import maplibregl, { type GeoJSONSource, type Map as MapLibre } from 'maplibre-gl';
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import { get } from '../api';
import { t } from '../i18n';
import type { ReportFile } from '../types';
import { emptyCollection } from './geo';
import { carColours } from './style';

export interface PatrolSummary {
  id: string;
  cars: number;
  stops: number;
}

const carColour = ['to-color', ['at', ['%', ['to-number', ['get', 'car_index'], 0], carColours.length], ['literal', carColours]]];

export function addPatrolLayers(map: MapLibre): void {
  for (const id of ['patrol', 'stations', 'units']) map.addSource(id, { type: 'geojson', data: emptyCollection() });
  map.addLayer({ id: 'patrol-routes', type: 'line', source: 'patrol', filter: ['==', ['get', 'kind'], 'route'], paint: { 'line-color': carColour as never, 'line-width': 2.2, 'line-opacity': 0.85 } });
  map.addLayer({ id: 'patrol-stops', type: 'circle', source: 'patrol', filter: ['==', ['get', 'kind'], 'stop'], paint: { 'circle-color': carColour as never, 'circle-radius': 4, 'circle-stroke-color': '#0e1726', 'circle-stroke-width': 1 } });
  map.addLayer({ id: 'stations', type: 'circle', source: 'stations', paint: { 'circle-color': '#1d4ed8', 'circle-radius': 7, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } });
  map.addLayer({ id: 'units', type: 'circle', source: 'units', paint: { 'circle-color': '#22d3ee', 'circle-radius': 5, 'circle-stroke-color': '#000000', 'circle-stroke-width': 1 } });
  const popup = (layer: string, text: (p: Record<string, string>) => string) =>
    map.on('click', layer, (event) => {
      const p = event.features?.[0]?.properties as Record<string, string> | undefined;
      if (p) new maplibregl.Popup().setLngLat(event.lngLat).setText(text(p)).addTo(map);
    });
  popup('patrol-stops', (p) => `${t('map.car', { car: p.car })} · #${p.order} · ${t('map.cell', { cell: p.cell })}`);
  popup('stations', (p) => t('map.station', { station: p.station }));
}

/** Loads the newest (last listed) patrol plan; null when there is none. */
export async function showPatrolPlan(map: MapLibre): Promise<PatrolSummary | null> {
  const { items } = await get<{ items: ReportFile[] }>('/patrol-plans');
  if (items.length === 0) return null;
  const id = items[items.length - 1].id;
  const plan = await get<FeatureCollection>(`/patrol-plans/${encodeURIComponent(id)}`);
  const cars = [...new Set(plan.features.map((f) => String(f.properties?.car)))];
  const stations = new Map<string, Feature<Point>>();
  for (const f of plan.features) {
    if (f.properties) f.properties.car_index = cars.indexOf(String(f.properties.car));
    if (f.properties?.kind !== 'route' || f.geometry.type !== 'LineString') continue;
    const station = String(f.properties.station);
    const first = (f.geometry as LineString).coordinates[0];
    if (first && !stations.has(station)) {
      stations.set(station, { type: 'Feature', geometry: { type: 'Point', coordinates: first }, properties: { station } });
    }
  }
  (map.getSource('patrol') as GeoJSONSource).setData(plan);
  (map.getSource('stations') as GeoJSONSource).setData({ type: 'FeatureCollection', features: [...stations.values()] });
  return { id, cars: cars.length, stops: plan.features.filter((f) => f.properties?.kind === 'stop').length };
}

/** Moves a unit to the position of a `unit.position` stream event. */
export function moveUnit(map: MapLibre, units: Map<string, Feature<Point>>, data: Record<string, unknown>): void {
  const lon = Number(data.lon);
  const lat = Number(data.lat);
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return;
  const id = String(data.unit ?? data.id ?? '');
  units.set(id, { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { unit: id } });
  (map.getSource('units') as GeoJSONSource).setData({ type: 'FeatureCollection', features: [...units.values()] });
}
