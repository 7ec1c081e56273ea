// Start-up stages, so /api/health can answer 503 with the stage until the service is ready.
import type { StartupStage } from '../../../shared/contracts/health.ts';

export class Lifecycle {
  stage: StartupStage = 'starting';
  error: string | null = null;
  get ready(): boolean {
    return this.stage === 'ready';
  }
  set(stage: StartupStage): void {
    this.stage = stage;
  }
}
