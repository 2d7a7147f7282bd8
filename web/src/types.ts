// Shapes of the server's answers used by the dashboard (docs/api.md, docs/openapi.yaml).
import type { FeatureCollection, Geometry, Polygon } from 'geojson';

export type Role =
  | 'administrator'
  | 'commander'
  | 'analyst'
  | 'dispatcher'
  | 'patrol_officer'
  | 'auditor';

export interface User {
  id: number;
  name: string;
  role: Role;
}

export interface SignInAnswer {
  token: string;
  user: User;
  idle_timeout_s: number;
  absolute_lifetime_s: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
  next_offset: number | null;
}

export interface LayerInfo {
  name: string;
  type: string;
  features?: number;
}

export interface ForecastHeader {
  id: number;
  model: string;
  category: string;
  slot_start: string;
  slot_length_s: number;
  created_at: string;
}

export interface RiskCellProps {
  cell: number;
  expected: number;
  grade: number;
}

export type RiskLayer = FeatureCollection<Polygon, RiskCellProps> & { forecast: ForecastHeader };

export interface AreaProps {
  kind: string;
  code: string;
  name: string;
}

export type AreaCollection = FeatureCollection<Geometry, AreaProps>;

export interface Location {
  lon?: number;
  lat?: number;
  x?: number;
  y?: number;
}

export interface Incident {
  id: number;
  source: string;
  source_id: string;
  category: string;
  source_description: string;
  occurred_at: string;
  reported_at: string;
  location: Location | null;
  address: string;
  district: string;
}

export interface Call {
  id: number;
  source: string;
  source_id: string;
  call_type: string;
  category: string;
  priority: string | number;
  received_at: string;
  location: Location | null;
  address: string;
  district: string;
}

export interface Reason {
  rank: number;
  text: string;
  feature: string;
  contribution: number;
}

export interface ReasonItem {
  cell: number;
  grade: number;
  expected: number;
  centroid: [number, number];
  reasons: Reason[];
}

export interface ReasonsAnswer {
  forecast_id: number;
  items: ReasonItem[];
}

export interface ReportFile {
  id: string;
  bytes: number;
}

export interface Change {
  previous: number;
  difference: number;
  percent: number | null;
}

export interface StatisticsRow {
  period: string;
  district: string;
  category: string;
  count: number;
  month_over_month: Change | null;
  year_over_year: Change | null;
}

export interface Statistics {
  from: string;
  to: string;
  total: number;
  rows: StatisticsRow[];
}

export interface Estimate {
  mean: number;
  low: number;
  high: number;
  n: number;
}

export interface BacktestRun {
  model: string;
  baseline: boolean;
  error: string;
  slots: number;
  metrics: Record<string, Estimate>;
  curve: { area_share: number[]; hit_rate: number[] };
}

export interface BacktestTarget {
  name: string;
  categories: string[];
  best_model: string;
  reference: string;
  models: BacktestRun[];
}

export interface BacktestReport {
  options: { test_from: string; test_to: string; slot_length_s: number; cell_size_m: number };
  slot_count: number;
  metric_names: string[];
  targets: BacktestTarget[];
}

export interface AuditRecord {
  seq: number;
  at: string;
  user: string;
  role: string;
  source_address: string;
  action: string;
  resource: string;
  purpose: string;
  outcome: string;
  details: unknown;
  hash: string;
}

export interface AuditVerify {
  ok: boolean;
  records: number;
  problem: string;
  first_bad_seq: number;
  message: string;
  head: { seq: number; hash: string };
}

export interface StreamMessage {
  type: string;
  seq: number;
  data: Record<string, unknown>;
}
