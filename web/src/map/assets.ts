// The force's own assets and the city's roads, as the server serves them (GET
// /api/v1/layers/{roads,stations,cameras,camera-coverage,units}): roads by class at the bottom
// of the map, camera fields of view as faint sectors, cameras, stations, and units at their
// newest stored position, moved live by `unit.position` stream events.
import type { GeoJSONSource, Map as MapLibre } from 'maplibre-gl';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { get } from '../api';
import { labelFor, t } from '../i18n';
import type { LayerInfo } from '../types';
import { popupOn } from './geo';

/** Map layer ids of each toggle; only the layers the server offers are added. */
export interface AssetLayers {
  roads: string[];
  cameras: string[];
  stations: string[];
  units: string[];
  /** Units by id, as last drawn (features of the `units` source). */
  unitFeatures: Map<string, Feature<Point | null>>;
  /** Features drawn per toggle: roads (lines), stations, cameras, units. */
  counts: { roads: number; stations: number; cameras: number; units: number };
}

const roadWidth = ['match', ['get', 'class'], ['motorway', 'trunk'], 2.6, ['primary', 'secondary'], 1.8, 'tertiary', 1.3, 0.7];

function layerNamed(listed: LayerInfo[], name: string): boolean {
  return listed.some((l) => l.name === name);
}

/** Adds the roads under `bottomId` (the first area layer) and the assets on top. */
export async function addAssetLayers(map: MapLibre, listed: LayerInfo[], bottomId?: string): Promise<AssetLayers> {
  const result: AssetLayers = { roads: [], cameras: [], stations: [], units: [], unitFeatures: new Map(), counts: { roads: 0, stations: 0, cameras: 0, units: 0 } };
  const names = ['roads', 'camera-coverage', 'cameras', 'stations', 'units'].filter((n) => layerNamed(listed, n));
  const data = await Promise.all(names.map((n) => get<FeatureCollection>(`/layers/${n}`)));
  const byName = new Map(names.map((n, i) => [n, data[i]]));
  const size = (name: string) => byName.get(name)?.features.length ?? 0;
  result.counts = { roads: size('roads'), stations: size('stations'), cameras: size('cameras'), units: size('units') };
  const source = (name: string) => {
    map.addSource(`asset-${name}`, { type: 'geojson', data: byName.get(name) as FeatureCollection });
    return `asset-${name}`;
  };
  if (byName.has('roads')) {
    map.addLayer({ id: 'roads', type: 'line', source: source('roads'), paint: { 'line-color': '#34425a', 'line-width': roadWidth as never } }, bottomId);
    result.roads.push('roads');
  }
  if (byName.has('camera-coverage')) {
    map.addLayer({ id: 'camera-coverage', type: 'fill', source: source('camera-coverage'), paint: { 'fill-color': '#a78bfa', 'fill-opacity': 0.18 } });
    result.cameras.push('camera-coverage');
  }
  if (byName.has('cameras')) {
    map.addLayer({ id: 'cameras', type: 'circle', source: source('cameras'), paint: { 'circle-color': '#a78bfa', 'circle-radius': 3, 'circle-stroke-color': '#0e1726', 'circle-stroke-width': 1 } });
    popupOn(map, 'cameras', (p) => t('map.camera', { purpose: p.purpose ? labelFor('camera.purpose', String(p.purpose)) : t('common.none'), range: Number(p.range_m) }));
    result.cameras.push('cameras');
  }
  if (byName.has('stations')) {
    map.addLayer({ id: 'stations', type: 'circle', source: source('stations'), paint: { 'circle-color': '#1d4ed8', 'circle-radius': 7, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } });
    popupOn(map, 'stations', (p) => t('map.station', { station: String(p.name || p.district || '') }));
    result.stations.push('stations');
  }
  if (byName.has('units')) {
    const units = byName.get('units') as FeatureCollection<Point | null>;
    for (const f of units.features) result.unitFeatures.set(String(f.id), f);
    map.addLayer({ id: 'units', type: 'circle', source: source('units'), paint: { 'circle-color': ['match', ['get', 'position'], 'reported', '#22d3ee', '#64748b'], 'circle-radius': 5, 'circle-stroke-color': '#000000', 'circle-stroke-width': 1 } });
    popupOn(map, 'units', (p) => t('map.unit', { unit: String(p.call_sign), status: String(p.status || t('map.unitAtStation')), at: String(p.at ?? '') }));
    result.units.push('units');
  }
  return result;
}

/** Moves a unit to the position of a `unit.position` stream event; false when not drawn. */
export function moveUnit(map: MapLibre, assets: AssetLayers, data: Record<string, unknown>): boolean {
  const lon = Number(data.lon);
  const lat = Number(data.lat);
  const source = map.getSource('asset-units') as GeoJSONSource | undefined;
  if (!source || !Number.isFinite(lon) || !Number.isFinite(lat)) return false;
  const id = String(data.unit ?? '');
  const before = assets.unitFeatures.get(id);
  assets.unitFeatures.set(id, {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: { ...(before?.properties ?? {}), call_sign: data.call_sign, status: data.status, at: data.at, reported_by: data.reported_by, position: 'reported' },
  });
  source.setData({ type: 'FeatureCollection', features: [...assets.unitFeatures.values()] } as FeatureCollection);
  return true;
}
