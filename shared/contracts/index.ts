// Contracts shared by the server and the web client: types only, no runtime code from either side.
export * from './roles.ts';
export * from './auth.ts';
export * from './areas.ts';
export * from './health.ts';
export * from './client-config.ts';
export * from './spatial.ts';
export * from './imports.ts';
export * from './sensors.ts';
export * from './feedback.ts';
export * from './kpis.ts';
