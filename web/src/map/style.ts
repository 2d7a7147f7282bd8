// The map's own style: a plain background and nothing remote (no basemap tiles, glyphs,
// sprites or fonts). Everything drawn comes from the server's GeoJSON layers; labels and
// popups are HTML.
import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';

export const baseStyle: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#0e1726' } }],
};

/** Grade 1 (lowest) to 10 (highest), green through yellow to dark red. */
export const gradeColours = [
  '#1a9850', '#66bd63', '#a6d96a', '#d9ef8b', '#ffffbf',
  '#fee08b', '#fdae61', '#f46d43', '#d73027', '#a50026',
] as const;

export const gradeColour: ExpressionSpecification = [
  'match',
  ['get', 'grade'],
  ...gradeColours.flatMap((colour, i) => [i + 1, colour]),
  '#888888',
] as unknown as ExpressionSpecification;

export const categoryColours: Record<string, string> = {
  robbery: '#e6194b',
  theft: '#f58231',
  assault: '#ffe119',
  sexual_violence: '#f032e6',
  burglary: '#bfef45',
  vehicle_theft: '#42d4f4',
  fraud: '#4363d8',
  drugs: '#911eb4',
  disorder: '#a9a9a9',
  other: '#ffffff',
};

export const categoryColour: ExpressionSpecification = [
  'match',
  ['get', 'category'],
  ...Object.entries(categoryColours).flat(),
  '#ffffff',
] as unknown as ExpressionSpecification;

export const carColours = ['#4cc9f0', '#f72585', '#b5179e', '#7209b7', '#4361ee', '#3a0ca3', '#f77f00', '#90be6d'];
