// The web client's page addresses, in one place shared by both sides: the web router mounts its
// pages on these patterns (web/src/modules/<name>/module.tsx) and the server builds the links it
// hands out (a KPI's drill-down, notifications) with the builders below, so a link can never
// point at a page that does not exist. `routes.unit.test.ts` checks every builder's output
// against its pattern.

/** Route patterns (react-router syntax) of the pages a link may point at. */
export const PAGE_PATTERNS = {
  dataset: '/data/:datasetId',
  record: '/data/:datasetId/records/:recordId',
  sensor: '/sensors/:sensorId',
  feedbackReport: '/feedback/:id',
  feedbackInbox: '/feedback',
  incident: '/incidents/:id',
  incidents: '/incidents',
  live: '/live',
  citizenTrack: '/phan-anh/:code',
  task: '/tasks/:id',
  tasks: '/tasks',
  procedureDossier: '/procedures/dossiers/:id',
  procedureDossiers: '/procedures/dossiers',
  reportingSubmission: '/reporting/submissions/:id',
  reportingRun: '/reporting/reports/:id',
} as const;

export type PagePattern = keyof typeof PAGE_PATTERNS;

const seg = (v: string | number) => encodeURIComponent(String(v));

function withQuery(path: string, q?: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q ?? {})) if (v !== undefined && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

/** Builders of the links: the only way to write a page address outside the router. */
export const pageLink = {
  dataset: (datasetId: string, q?: Record<string, string | undefined>) => withQuery(`/data/${seg(datasetId)}`, q),
  record: (datasetId: string, recordId: number | string) => `/data/${seg(datasetId)}/records/${seg(recordId)}`,
  sensor: (sensorId: string) => `/sensors/${seg(sensorId)}`,
  feedbackReport: (id: number | string) => `/feedback/${seg(id)}`,
  feedbackInbox: () => '/feedback',
  incident: (id: number | string) => `/incidents/${seg(id)}`,
  incidents: () => '/incidents',
  /** The live screen with one alert picked out (the panel highlights and scrolls to it). */
  alert: (id: number | string) => withQuery('/live', { alert: String(id) }),
  live: () => '/live',
  citizenTrack: (code: string) => `/phan-anh/${seg(code)}`,
  task: (id: number | string) => `/tasks/${seg(id)}`,
  tasks: () => '/tasks',
  procedureDossier: (id: number | string) => `/procedures/dossiers/${seg(id)}`,
  procedureDossiers: () => '/procedures/dossiers',
  reportingSubmission: (id: number | string) => `/reporting/submissions/${seg(id)}`,
  reportingRun: (id: number | string) => `/reporting/reports/${seg(id)}`,
} as const;
