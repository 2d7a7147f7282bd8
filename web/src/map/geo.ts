// Small GeoJSON helpers for the map.
import maplibregl, { type Map as MapLibre } from 'maplibre-gl';
import type { Feature, FeatureCollection, Geometry, Point, Position } from 'geojson';

export function emptyCollection<G extends Geometry = Geometry, P = Record<string, unknown>>(): FeatureCollection<G, P> {
  return { type: 'FeatureCollection', features: [] };
}

/** Points from records that have a WGS84 location; the rest are skipped. */
export function pointsOf<T extends { id: number; location: { lon?: number; lat?: number } | null }>(
  records: T[],
  properties: (record: T) => Record<string, unknown>,
): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  for (const record of records) {
    const { lon, lat } = record.location ?? {};
    if (lon === undefined || lat === undefined) continue;
    features.push({
      type: 'Feature',
      id: record.id,
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: { id: record.id, ...properties(record) },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** The mean of a ring's vertices (without the closing one): the centre of a grid cell. */
export function ringCentre(ring: Position[]): [number, number] {
  const n = Math.max(1, ring.length - 1);
  let lon = 0;
  let lat = 0;
  for (let i = 0; i < n; ++i) {
    lon += ring[i][0];
    lat += ring[i][1];
  }
  return [lon / n, lat / n];
}

export type Bounds = [number, number, number, number];

/** Extends `bounds` (west, south, east, north) by every coordinate of the geometry. */
export function extendBounds(bounds: Bounds | null, geometry: Geometry | null): Bounds | null {
  if (!geometry) return bounds;
  let out = bounds;
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      const [x, y] = value as number[];
      out = out ? [Math.min(out[0], x), Math.min(out[1], y), Math.max(out[2], x), Math.max(out[3], y)] : [x, y, x, y];
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    }
  };
  if (geometry.type !== 'GeometryCollection') visit(geometry.coordinates);
  return out;
}

/** Shows `text(properties)` in a popup where a feature of `layer` is clicked. */
export function popupOn(map: MapLibre, layer: string, text: (p: Record<string, unknown>) => string): void {
  map.on('click', layer, (event) => {
    const p = event.features?.[0]?.properties as Record<string, unknown> | undefined;
    if (p) new maplibregl.Popup().setLngLat(event.lngLat).setText(text(p)).addTo(map);
  });
}
