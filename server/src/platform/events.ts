// In-process event bus between modules (a reading arrived, an alert opened, a record changed),
// so a module reacts to another without importing its internals. Typed by event name; each
// module declares the events it emits by augmenting `AppEvents` in its own folder:
//
//   declare module '../../platform/events.ts' { interface AppEvents { 'sensor.reading': Reading } }
import { EventEmitter } from 'node:events';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AppEvents {}

export type AppEventName = keyof AppEvents & string;

export class EventBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(100);
  }
  emit<K extends AppEventName>(name: K, payload: AppEvents[K]): void {
    // A failing listener must not break the emitter's request; it is logged by the listener's owner.
    this.emitter.emit(name, payload);
  }
  on<K extends AppEventName>(name: K, listener: (payload: AppEvents[K]) => void): () => void {
    this.emitter.on(name, listener as (p: unknown) => void);
    return () => this.emitter.off(name, listener as (p: unknown) => void);
  }
}
