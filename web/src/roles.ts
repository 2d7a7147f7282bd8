// What each role may use, mirroring the server's policy table (src/security/policy.cc,
// docs/security.md). It only decides what the dashboard shows: the server decides what it
// serves, and its 403 answers are shown as messages wherever they still happen.
import type { Role } from './types';

export type Capability =
  | 'areas'
  | 'forecasts'
  | 'reasons'
  | 'incidents'
  | 'calls'
  | 'patrol_plans'
  | 'statistics'
  | 'backtests'
  | 'audit'
  | 'stream';

const operational: Capability[] = ['areas', 'forecasts', 'incidents', 'patrol_plans', 'stream'];

const capabilities: Record<Role, readonly Capability[]> = {
  administrator: ['areas'],
  commander: [...operational, 'reasons', 'calls', 'statistics', 'backtests'],
  analyst: [...operational, 'reasons', 'calls', 'statistics', 'backtests'],
  dispatcher: [...operational, 'calls'],
  patrol_officer: operational,
  auditor: ['audit'],
};

export function can(role: Role, capability: Capability): boolean {
  return capabilities[role]?.includes(capability) ?? false;
}

export type ViewName = 'map' | 'statistics' | 'quality' | 'audit';

/** The capability a view needs; a view whose capability the role lacks is not in the menu. */
export const viewNeeds: Record<ViewName, Capability> = {
  map: 'areas',
  statistics: 'statistics',
  quality: 'backtests',
  audit: 'audit',
};

export function viewsFor(role: Role): ViewName[] {
  return (Object.keys(viewNeeds) as ViewName[]).filter((v) => can(role, viewNeeds[v]));
}
