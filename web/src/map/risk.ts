// The risk grid: the stored forecast for a slot and category (GET /api/v1/layers/risk), drawn
// as cells coloured by grade 1-10. What is drawn is also written to data attributes of the map
// element (forecast id, category, slot, feature count, count per grade), which the end-to-end
// tests and anyone inspecting the page can read.
import type { GeoJSONSource, Map as MapLibre } from 'maplibre-gl';
import { get } from '../api';
import type { ForecastHeader, RiskLayer } from '../types';
import { emptyCollection, ringCentre } from './geo';
import { gradeColour } from './style';

export interface RiskChoice {
  at: string;
  category: string;
  model: string; // '' = the newest forecast of any model
}

export interface Hotspot {
  cell: number;
  grade: number;
  expected: number;
  centre: [number, number];
}

export function addRiskLayers(map: MapLibre): void {
  map.addSource('risk', { type: 'geojson', data: emptyCollection(), promoteId: 'cell' });
  map.addLayer({
    id: 'risk-fill',
    type: 'fill',
    source: 'risk',
    paint: {
      'fill-color': gradeColour,
      'fill-opacity': ['interpolate', ['linear'], ['get', 'grade'], 1, 0.08, 5, 0.3, 10, 0.75],
      'fill-antialias': false,
    },
  });
  map.addLayer({
    id: 'risk-selected',
    type: 'line',
    source: 'risk',
    filter: ['==', ['get', 'cell'], -1],
    paint: { 'line-color': '#ffffff', 'line-width': 3 },
  });
}

function describe(element: HTMLElement, layer: RiskLayer | null, choice: RiskChoice): void {
  const grades = new Array<number>(10).fill(0);
  for (const f of layer?.features ?? []) {
    if (f.properties.grade >= 1 && f.properties.grade <= 10) grades[f.properties.grade - 1] += 1;
  }
  element.dataset.riskForecast = layer ? String(layer.forecast.id) : '';
  element.dataset.riskModel = layer?.forecast.model ?? '';
  element.dataset.riskCategory = layer ? layer.forecast.category : choice.category;
  element.dataset.riskSlot = layer ? layer.forecast.slot_start : choice.at;
  element.dataset.riskFeatures = String(layer?.features.length ?? 0);
  element.dataset.riskGrades = JSON.stringify(grades);
}

/** Shows the forecast covering `choice`; null (and an empty grid) when none is stored. */
export async function showRisk(map: MapLibre, element: HTMLElement, choice: RiskChoice): Promise<RiskLayer | null> {
  element.dataset.riskState = 'loading';
  let layer: RiskLayer | null = null;
  try {
    layer = await get<RiskLayer>('/layers/risk', { at: choice.at, category: choice.category, model: choice.model || undefined });
  } catch (error) {
    (map.getSource('risk') as GeoJSONSource | undefined)?.setData(emptyCollection());
    describe(element, null, choice);
    element.dataset.riskState = 'empty';
    throw error;
  }
  (map.getSource('risk') as GeoJSONSource).setData(layer);
  describe(element, layer, choice);
  map.once('idle', () => {
    element.dataset.riskRendered = String(map.queryRenderedFeatures({ layers: ['risk-fill'] }).length);
    element.dataset.riskState = 'ready';
  });
  map.triggerRepaint();
  return layer;
}

export function selectCell(map: MapLibre, cell: number | null): void {
  map.setFilter('risk-selected', ['==', ['get', 'cell'], cell ?? -1]);
}

/** The `n` cells with the highest expected count. */
export function topCells(layer: RiskLayer, n: number): Hotspot[] {
  return [...layer.features]
    .sort((a, b) => b.properties.expected - a.properties.expected)
    .slice(0, n)
    .map((f) => ({
      cell: f.properties.cell,
      grade: f.properties.grade,
      expected: f.properties.expected,
      centre: ringCentre(f.geometry.coordinates[0]),
    }));
}

export interface ForecastChoices {
  slots: string[];
  categories: string[];
  models: string[];
  newestCategory: string; // the category of the forecast stored last
}

/** Distinct slots (ascending), categories and models of the stored forecasts. */
export async function forecastChoices(): Promise<ForecastChoices> {
  const { items } = await get<{ items: ForecastHeader[] }>('/forecasts', { limit: 1000 });
  const distinct = (values: string[]) => [...new Set(values)].sort();
  return {
    slots: distinct(items.map((f) => f.slot_start)),
    categories: distinct(items.map((f) => f.category)),
    models: distinct(items.map((f) => f.model)),
    newestCategory: items.reduce((a, b) => (b.id > a.id ? b : a), items[0] ?? { category: '' } as ForecastHeader).category,
  };
}
