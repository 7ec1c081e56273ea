// Calls of the epidemics pages (server module epidemics).
import { api } from '../../app/api.ts';
import type {
  CaseInput, ChainGraph, ChainsAnswer, ContactInput, ConvertInput, Dashboard, Outbreak, Person, PersonDetail, PersonList, PublicCertificate, SupervisorDay, WardLevel,
  WardLevelsAnswer, Zone,
} from '../../../../shared/contracts/epidemics.ts';

export const epiKeys = {
  outbreaks: ['epidemics', 'outbreaks'] as const,
  dashboard: (id: number, day: string) => ['epidemics', 'dashboard', id, day] as const,
  levels: (week: string, rule: string) => ['epidemics', 'levels', week, rule] as const,
  history: (ward: string) => ['epidemics', 'history', ward] as const,
  persons: (id: number, kind: string) => ['epidemics', 'persons', id, kind] as const,
  person: (id: number) => ['epidemics', 'person', id] as const,
  chains: (id: number, day: string) => ['epidemics', 'chains', id, day] as const,
  graph: (id: number, member: string) => ['epidemics', 'graph', id, member] as const,
  supervisor: (id: number, day: string) => ['epidemics', 'supervisor', id, day] as const,
  zones: (day: string) => ['epidemics', 'zones', day] as const,
  heat: (id: number, day: string) => ['epidemics', 'heat', id, day] as const,
  certificate: (token: string) => ['epidemics', 'certificate', token] as const,
};

export const fetchOutbreaks = (signal?: AbortSignal) => api<Outbreak[]>('/epidemics/outbreaks', { signal });
export const fetchDashboard = (id: number, day: string, signal?: AbortSignal) => api<Dashboard>(`/epidemics/outbreaks/${id}/dashboard`, { query: { day }, signal });
export const fetchLevels = (week: string, rule: string, signal?: AbortSignal) => api<WardLevelsAnswer>('/epidemics/levels', { query: { week, rule: rule || undefined }, signal });
export const fetchHistory = (ward: string, signal?: AbortSignal) => api<WardLevel[]>(`/epidemics/levels/${encodeURIComponent(ward)}/history`, { signal });
export const fetchPersons = (id: number, kind: string, signal?: AbortSignal) => api<PersonList>(`/epidemics/outbreaks/${id}/persons`, { query: { kind: kind || undefined, limit: 30 }, signal });
export const fetchPerson = (id: number, signal?: AbortSignal) => api<PersonDetail>(`/epidemics/persons/${id}`, { signal });
export const createCase = (id: number, body: CaseInput) => api<Person>(`/epidemics/outbreaks/${id}/cases`, { method: 'POST', body });
export const createContact = (id: number, body: ContactInput) => api<Person>(`/epidemics/outbreaks/${id}/contacts`, { method: 'POST', body });
export const convertContact = (personId: number, body: ConvertInput) => api<Person>(`/epidemics/persons/${personId}/convert`, { method: 'POST', body });
export const fetchChains = (id: number, day: string, signal?: AbortSignal) => api<ChainsAnswer>(`/epidemics/outbreaks/${id}/chains`, { query: { day }, signal });
export const fetchGraph = (id: number, member: string, signal?: AbortSignal) => api<ChainGraph>(`/epidemics/outbreaks/${id}/graph`, { query: { member }, signal });
export const fetchSupervisor = (id: number, day: string, signal?: AbortSignal) => api<SupervisorDay>(`/epidemics/outbreaks/${id}/supervisor`, { query: { day }, signal });
export const fetchZones = (day: string, signal?: AbortSignal) => api<Zone[]>('/epidemics/zones', { query: { day }, signal });
export const fetchHeat = (id: number, day: string, signal?: AbortSignal) => api<{ day: string; points: [number, number][] }>(`/epidemics/outbreaks/${id}/heat`, { query: { day, days: 7 }, signal });
export const fetchCertificate = (token: string, signal?: AbortSignal) => api<PublicCertificate>(`/epidemics/public/certificates/${encodeURIComponent(token)}`, { signal });

/** The Monday of a day's week. */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}
export const LEVEL_COLOURS = ['#cbd5e1', '#16a34a', '#facc15', '#f97316', '#dc2626'];
