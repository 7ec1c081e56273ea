// Contracts shared by the server and the web client: types only, no runtime code from either side.
export * from './roles.ts';
export * from './auth.ts';
export * from './areas.ts';
export * from './health.ts';
export * from './client-config.ts';
