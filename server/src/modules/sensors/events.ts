// Events the sensors module emits on ctx.events. `sensor.readings` goes out after the batch
// is committed, with only the newly stored readings (duplicates are left out).
import type { SensorReadingsBatch } from '../../../../shared/contracts/sensors.ts';

declare module '../../platform/events.ts' {
  interface AppEvents {
    'sensor.readings': SensorReadingsBatch;
  }
}

export {};
