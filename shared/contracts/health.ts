export type StartupStage = 'starting' | 'migrating' | 'loading-areas' | 'seeding-demo' | 'preparing-modules' | 'ready' | 'stopping';

export interface HealthResponse {
  status: 'ok' | 'starting' | 'stopping';
  stage: StartupStage;
  db: 'embedded' | 'postgres';
  version: string;
  demo: boolean;
}
