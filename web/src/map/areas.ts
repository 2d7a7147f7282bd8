// The city's reference layers as the server lists them (GET /api/v1/layers): each area kind
// (boundary, districts, neighbourhoods, ...) is drawn as outlines with a faint fill, district
// names as HTML labels. Point geometries of an area kind are drawn as circles.
import maplibregl, { type Map as MapLibre } from 'maplibre-gl';
import { get } from '../api';
import type { AreaCollection, LayerInfo } from '../types';
import { extendBounds, type Bounds } from './geo';

const lineStyle: Record<string, { colour: string; width: number }> = {
  boundary: { colour: '#e0e6f0', width: 2.5 },
  district: { colour: '#8fa3c0', width: 1.6 },
  neighborhood: { colour: '#4b5d78', width: 0.7 },
};

// Draw order: the widest kinds first, so finer outlines stay visible on top.
const order = ['boundary', 'district', 'neighborhood'];

export interface AreaLayers {
  bounds: Bounds | null;
  names: string[];
  markers: maplibregl.Marker[];
  /** Every layer the server lists (areas and others). */
  listed: LayerInfo[];
}

function addArea(map: MapLibre, name: string, data: AreaCollection, beforeId?: string): void {
  const style = lineStyle[name] ?? { colour: '#6c7a91', width: 1 };
  map.addSource(`area-${name}`, { type: 'geojson', data });
  const polygons: maplibregl.FilterSpecification = ['in', ['geometry-type'], ['literal', ['Polygon', 'MultiPolygon']]];
  map.addLayer(
    { id: `area-${name}-fill`, type: 'fill', source: `area-${name}`, filter: polygons, paint: { 'fill-color': style.colour, 'fill-opacity': name === 'boundary' ? 0.06 : 0.02 } },
    beforeId,
  );
  map.addLayer(
    { id: `area-${name}-line`, type: 'line', source: `area-${name}`, paint: { 'line-color': style.colour, 'line-width': style.width } },
    beforeId,
  );
  map.addLayer(
    { id: `area-${name}-point`, type: 'circle', source: `area-${name}`, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': style.colour, 'circle-radius': 4 } },
    beforeId,
  );
}

function districtLabels(map: MapLibre, data: AreaCollection): maplibregl.Marker[] {
  return data.features
    .filter((f) => Array.isArray(f.bbox))
    .map((f) => {
      const [w, s, e, n] = f.bbox as number[];
      const label = document.createElement('div');
      label.className = 'area-label';
      label.textContent = f.properties.name || f.properties.code;
      return new maplibregl.Marker({ element: label }).setLngLat([(w + e) / 2, (s + n) / 2]).addTo(map);
    });
}

/** Loads every area layer the server lists, below the layer `beforeId`. */
export async function addAreaLayers(map: MapLibre, beforeId?: string): Promise<AreaLayers> {
  const listed = await get<{ items: LayerInfo[] }>('/layers');
  const names = listed.items
    .filter((l) => l.type === 'areas')
    .map((l) => l.name)
    .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  const result: AreaLayers = { bounds: null, names, markers: [], listed: listed.items };
  const collections = await Promise.all(names.map((name) => get<AreaCollection>(`/layers/${encodeURIComponent(name)}`)));
  names.forEach((name, i) => {
    addArea(map, name, collections[i], beforeId);
    for (const feature of collections[i].features) result.bounds = extendBounds(result.bounds, feature.geometry);
    if (name === 'district') result.markers.push(...districtLabels(map, collections[i]));
  });
  return result;
}
