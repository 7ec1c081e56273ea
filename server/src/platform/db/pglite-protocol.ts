// Messages between the main thread and the PGlite worker.
export type WorkerRequest =
  | { id: number; kind: 'query'; sql: string; params: unknown[] }
  | { id: number; kind: 'exec'; sql: string }
  | { id: number; kind: 'close' };

export interface WorkerReply {
  id: number;
  rows?: Record<string, unknown>[];
  affectedRows?: number;
  error?: { message: string; code?: string | undefined; detail?: string | undefined; constraint?: string | undefined };
}
